using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using MessagePack;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// Reads msgpack as notepack.io writes it (socketio-wire.md §5.4) into JSON with Socket.IO binary placeholders:
/// each <c>bin</c> becomes <c>{"_placeholder":true,"num":n}</c> and its bytes the n-th attachment, so the rest of the
/// server handles a message from Redis like a packet from a client. Pure; malformed input throws
/// <see cref="InvalidDataException"/>.
/// </summary>
internal static class MsgPackToJson
{
    /// <summary>How deep maps and arrays may nest (socket.io payloads are shallow; this bounds recursion).</summary>
    public const int MaxDepth = 64;

    /// <summary>How converted JSON is written: as compact as Node's JSON.stringify, without escaping what JSON allows.</summary>
    internal static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    /// <summary>Converts one msgpack value (the whole of <paramref name="msgpack"/>) to JSON.</summary>
    public static byte[] Convert(ReadOnlyMemory<byte> msgpack, List<ReadOnlyMemory<byte>> attachments)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, msgpack.Length * 2));
        try
        {
            var reader = new MessagePackReader(msgpack);
            using (var writer = new Utf8JsonWriter(buffer, Options))
            {
                WriteValue(ref reader, writer, attachments, 0);
            }

            if (!reader.End)
            {
                throw new InvalidDataException("Trailing bytes after the msgpack value.");
            }
        }
        catch (Exception ex) when (IsMalformed(ex))
        {
            throw new InvalidDataException("Malformed msgpack: " + ex.Message, ex);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the msgpack value at <paramref name="reader"/> to <paramref name="writer"/> (the streaming form of
    /// <see cref="Convert"/>; the caller maps the library's exceptions, see <see cref="IsMalformed"/>).
    /// </summary>
    public static void WriteValue(ref MessagePackReader reader, Utf8JsonWriter writer, List<ReadOnlyMemory<byte>> attachments, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("msgpack nests too deeply.");
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                writer.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                writer.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    writer.WriteNumberValue(reader.ReadUInt64());
                }
                else
                {
                    writer.WriteNumberValue(reader.ReadInt64());
                }

                break;
            case MessagePackType.Float:
                var number = reader.ReadDouble();
                if (double.IsFinite(number))
                {
                    writer.WriteNumberValue(number);
                }
                else
                {
                    // JSON.stringify writes NaN and Infinity as null.
                    writer.WriteNullValue();
                }

                break;
            case MessagePackType.String:
                if (reader.TryReadStringSpan(out var utf8))
                {
                    // Valid UTF-8 is written as it is; anything else is decoded with replacement characters, as Node does.
                    if (Utf8.IsValid(utf8))
                    {
                        writer.WriteStringValue(utf8);
                    }
                    else
                    {
                        writer.WriteStringValue(Encoding.UTF8.GetString(utf8));
                    }
                }
                else
                {
                    writer.WriteStringValue(reader.ReadString());
                }

                break;
            case MessagePackType.Binary:
                var bytes = reader.ReadBytes() ?? default;
                writer.WriteStartObject();
                writer.WriteBoolean("_placeholder"u8, true);
                writer.WriteNumber("num"u8, attachments.Count);
                writer.WriteEndObject();
                attachments.Add(bytes.ToArray());
                break;
            case MessagePackType.Array:
                var length = reader.ReadArrayHeader();
                writer.WriteStartArray();
                for (var i = 0; i < length; i++)
                {
                    WriteValue(ref reader, writer, attachments, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case MessagePackType.Map:
                var count = reader.ReadMapHeader();
                writer.WriteStartObject();
                for (var i = 0; i < count; i++)
                {
                    if (reader.NextMessagePackType == MessagePackType.String && reader.TryReadStringSpan(out var key))
                    {
                        if (Utf8.IsValid(key))
                        {
                            writer.WritePropertyName(key);
                        }
                        else
                        {
                            writer.WritePropertyName(Encoding.UTF8.GetString(key));
                        }
                    }
                    else
                    {
                        writer.WritePropertyName(ReadKey(ref reader));
                    }

                    WriteValue(ref reader, writer, attachments, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case MessagePackType.Extension:
                // notepack writes a Date as ext -1; JSON.stringify(date) is its ISO string.
                var header = reader.ReadExtensionFormatHeader();
                if (header.TypeCode == ReservedMessagePackExtensionTypeCode.DateTime)
                {
                    var data = reader.ReadRaw(header.Length);
                    var inner = new MessagePackReader(WithHeader(header, data));
                    var date = inner.ReadDateTime();
                    writer.WriteStringValue(date.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                }
                else
                {
                    reader.ReadRaw(header.Length);
                    writer.WriteNullValue();
                }

                break;
            default:
                throw new InvalidDataException($"Unknown msgpack code 0x{reader.NextCode:x2}.");
        }
    }

    /// <summary>The exceptions the msgpack reader and the JSON writer throw for malformed input.</summary>
    public static bool IsMalformed(Exception exception) =>
        exception is EndOfStreamException or MessagePackSerializationException or InvalidOperationException or ArgumentException or OverflowException;

    private static string ReadKey(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.String:
                return reader.ReadString() ?? "null";
            case MessagePackType.Integer:
                return reader.ReadInt64().ToString(CultureInfo.InvariantCulture);
            default:
                // JavaScript object keys are strings; anything else is not a message of ours.
                throw new InvalidDataException("msgpack map key is not a string.");
        }
    }

    private static ReadOnlySequence<byte> WithHeader(ExtensionHeader header, ReadOnlySequence<byte> data)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteExtensionFormatHeader(header);
        writer.WriteRaw(data);
        writer.Flush();
        return new ReadOnlySequence<byte>(buffer.WrittenMemory);
    }
}
