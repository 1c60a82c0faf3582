using System.Buffers;
using System.Text.Json;
using MessagePack;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// Writes a Socket.IO JSON payload (UTF-8, with binary placeholders) as msgpack the way notepack.io encodes what
/// <c>JSON.parse</c> gives (socketio-wire.md §5.4), reading the JSON once with a <see cref="Utf8JsonReader"/>: no
/// document is built and no string is allocated. Integral numbers become integers (JavaScript has one number type,
/// so <c>1.0</c> is <c>1</c>), others float64; a placeholder <c>{"_placeholder":true,"num":n}</c> becomes the n-th
/// attachment as <c>bin</c>. Byte-identical to writing the parsed <see cref="JsonElement"/> through
/// <see cref="MessageWriter.Value"/>. Malformed JSON throws <see cref="InvalidDataException"/>.
/// </summary>
internal static class JsonToMsgPack
{
    /// <summary>Writes the one JSON value in <paramref name="json"/>.</summary>
    public static void Write(ref MessagePackWriter writer, ReadOnlySpan<byte> json, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MsgPackToJson.MaxDepth + 1 });
        try
        {
            if (!reader.Read())
            {
                throw new InvalidDataException("Empty JSON payload.");
            }

            WriteValue(ref reader, ref writer, attachments);
            if (reader.Read())
            {
                throw new InvalidDataException("Trailing data after the JSON payload.");
            }
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("Malformed JSON payload: " + ex.Message, ex);
        }
    }

    // The reader is on the value's first token; it is left on its last.
    private static void WriteValue(ref Utf8JsonReader reader, ref MessagePackWriter writer, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                if (attachments.Count > 0 && TryReadPlaceholder(reader, out var num) && num < attachments.Count)
                {
                    writer.Write(attachments[num].Span);
                    reader.Skip();
                    return;
                }

                writer.WriteMapHeader(CountChildren(reader));
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    WriteString(ref reader, ref writer);
                    reader.Read();
                    WriteValue(ref reader, ref writer, attachments);
                }

                break;
            case JsonTokenType.StartArray:
                writer.WriteArrayHeader(CountChildren(reader));
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    WriteValue(ref reader, ref writer, attachments);
                }

                break;
            case JsonTokenType.String:
                WriteString(ref reader, ref writer);
                break;
            case JsonTokenType.Number:
                WriteNumber(ref reader, ref writer);
                break;
            case JsonTokenType.True:
                writer.Write(true);
                break;
            case JsonTokenType.False:
                writer.Write(false);
                break;
            default:
                writer.WriteNil();
                break;
        }
    }

    // Elements of an array or properties of an object, counted on a copy of the reader (msgpack headers come first).
    private static int CountChildren(Utf8JsonReader probe)
    {
        var count = 0;
        var end = probe.TokenType == JsonTokenType.StartObject ? JsonTokenType.EndObject : JsonTokenType.EndArray;
        while (probe.Read() && probe.TokenType != end)
        {
            if (probe.TokenType == JsonTokenType.PropertyName)
            {
                probe.Read();
            }

            probe.Skip();
            count++;
        }

        return count;
    }

    // {"_placeholder":true,"num":n} in any order (other properties do not matter, as in MessageWriter).
    private static bool TryReadPlaceholder(Utf8JsonReader probe, out int num)
    {
        num = -1;
        var flag = false;
        while (probe.Read() && probe.TokenType == JsonTokenType.PropertyName)
        {
            var isFlag = probe.ValueTextEquals("_placeholder"u8);
            var isNum = !isFlag && probe.ValueTextEquals("num"u8);
            probe.Read();
            if (isFlag)
            {
                flag = probe.TokenType == JsonTokenType.True;
            }
            else if (isNum && probe.TokenType == JsonTokenType.Number && probe.TryGetInt32(out var n))
            {
                num = n;
            }

            probe.Skip();
        }

        return flag && num >= 0;
    }

    private static void WriteString(ref Utf8JsonReader reader, ref MessagePackWriter writer)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            writer.WriteString(reader.ValueSpan);
            return;
        }

        // Escaped strings are rare in payloads: unescaped into a rented buffer.
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var written = reader.CopyString(rented);
            writer.WriteString(rented.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static void WriteNumber(ref Utf8JsonReader reader, ref MessagePackWriter writer)
    {
        if (reader.TryGetInt64(out var integer))
        {
            writer.Write(integer);
            return;
        }

        if (reader.TryGetUInt64(out var unsigned))
        {
            writer.Write(unsigned);
            return;
        }

        var value = reader.GetDouble();
        if (Math.Floor(value) == value && Math.Abs(value) < 9.2e18)
        {
            writer.Write((long)value);
        }
        else
        {
            writer.Write(value);
        }
    }
}
