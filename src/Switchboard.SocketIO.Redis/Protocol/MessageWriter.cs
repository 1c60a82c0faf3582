using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using MessagePack;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// Writes one adapter message either as JSON or as msgpack the way notepack.io encodes it (socketio-wire.md §5.4),
/// from one description: callers give map and array sizes up front (msgpack needs them; JSON ignores them).
/// Socket.IO payloads come in as JSON with binary placeholders plus attachments; in msgpack each placeholder becomes
/// a <c>bin</c> (JSON messages never carry attachments: a message with binary is written as msgpack).
/// </summary>
internal ref struct MessageWriter
{
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer;
    private readonly Utf8JsonWriter? _json;
    private MessagePackWriter _msgpack;

    public MessageWriter(bool msgpack, ArrayBufferWriter<byte> buffer)
    {
        _buffer = buffer;
        IsMsgPack = msgpack;
        _json = msgpack ? null : new Utf8JsonWriter(buffer, JsonOptions);
        _msgpack = msgpack ? new MessagePackWriter(buffer) : default;
    }

    public bool IsMsgPack { get; }

    public void StartMap(int count)
    {
        if (_json is null)
        {
            _msgpack.WriteMapHeader(count);
        }
        else
        {
            _json.WriteStartObject();
        }
    }

    public readonly void EndMap() => _json?.WriteEndObject();

    public void StartArray(int count)
    {
        if (_json is null)
        {
            _msgpack.WriteArrayHeader(count);
        }
        else
        {
            _json.WriteStartArray();
        }
    }

    public readonly void EndArray() => _json?.WriteEndArray();

    public void Key(string name)
    {
        if (_json is null)
        {
            _msgpack.Write(name);
        }
        else
        {
            _json.WritePropertyName(name);
        }
    }

    public void String(string value)
    {
        if (_json is null)
        {
            _msgpack.Write(value);
        }
        else
        {
            _json.WriteStringValue(value);
        }
    }

    public void Number(long value)
    {
        if (_json is null)
        {
            // MessagePackWriter picks the smallest form as notepack does: positive values as fixint/uint8..64,
            // negative ones as negative fixint/int8..64.
            _msgpack.Write(value);
        }
        else
        {
            _json.WriteNumberValue(value);
        }
    }

    public void Bool(bool value)
    {
        if (_json is null)
        {
            _msgpack.Write(value);
        }
        else
        {
            _json.WriteBooleanValue(value);
        }
    }

    public void Null()
    {
        if (_json is null)
        {
            _msgpack.WriteNil();
        }
        else
        {
            _json.WriteNullValue();
        }
    }

    public void StringArray(IReadOnlyList<string> values)
    {
        StartArray(values.Count);
        foreach (var value in values)
        {
            String(value);
        }

        EndArray();
    }

    /// <summary>A JSON value from a Socket.IO payload; placeholders refer to <paramref name="attachments"/>.</summary>
    public void Value(JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (_json is not null)
        {
            element.WriteTo(_json);
            return;
        }

        WriteMsgPack(ref _msgpack, element, attachments, 0);
    }

    /// <summary>
    /// A Socket.IO JSON payload as UTF-8 (placeholders refer to <paramref name="attachments"/>), without parsing it
    /// into a document: copied as it is into JSON, converted in one streaming pass into msgpack.
    /// </summary>
    public void Payload(ReadOnlySpan<byte> json, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (_json is not null)
        {
            _json.WriteRawValue(json, skipInputValidation: true);
            return;
        }

        JsonToMsgPack.Write(ref _msgpack, json, attachments);
    }

    /// <summary>Finishes the message; the bytes are in the buffer given to the constructor.</summary>
    public readonly ReadOnlyMemory<byte> Complete()
    {
        if (_json is null)
        {
            _msgpack.Flush();
        }
        else
        {
            _json.Flush();
            _json.Dispose();
        }

        return _buffer.WrittenMemory;
    }

    // JSON to msgpack as notepack.io encodes what JSON.parse gives: integral numbers as integers (JavaScript has one
    // number type, so 1.0 is 1), others as float64; placeholders as bin.
    private static void WriteMsgPack(ref MessagePackWriter writer, JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments, int depth)
    {
        if (depth > MsgPackToJson.MaxDepth)
        {
            throw new InvalidDataException("Payload nests too deeply.");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (attachments.Count > 0 && TryGetPlaceholder(element, out var num) && num < attachments.Count)
                {
                    writer.Write(attachments[num].Span);
                    return;
                }

                var count = 0;
                foreach (var _ in element.EnumerateObject())
                {
                    count++;
                }

                writer.WriteMapHeader(count);
                foreach (var property in element.EnumerateObject())
                {
                    writer.Write(property.Name);
                    WriteMsgPack(ref writer, property.Value, attachments, depth + 1);
                }

                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    WriteMsgPack(ref writer, item, attachments, depth + 1);
                }

                break;
            case JsonValueKind.String:
                writer.Write(element.GetString());
                break;
            case JsonValueKind.Number:
                WriteNumber(ref writer, element);
                break;
            case JsonValueKind.True:
                writer.Write(true);
                break;
            case JsonValueKind.False:
                writer.Write(false);
                break;
            default:
                writer.WriteNil();
                break;
        }
    }

    private static void WriteNumber(ref MessagePackWriter writer, JsonElement element)
    {
        if (element.TryGetInt64(out var integer))
        {
            writer.Write(integer);
            return;
        }

        if (element.TryGetUInt64(out var unsigned))
        {
            writer.Write(unsigned);
            return;
        }

        var value = element.GetDouble();
        if (Math.Floor(value) == value && Math.Abs(value) < 9.2e18)
        {
            writer.Write((long)value);
        }
        else
        {
            writer.Write(value);
        }
    }

    private static bool TryGetPlaceholder(JsonElement element, out int num)
    {
        num = -1;
        return element.TryGetProperty("_placeholder"u8, out var flag) && flag.ValueKind == JsonValueKind.True
            && element.TryGetProperty("num"u8, out var index) && index.ValueKind == JsonValueKind.Number
            && index.TryGetInt32(out num) && num >= 0;
    }
}
