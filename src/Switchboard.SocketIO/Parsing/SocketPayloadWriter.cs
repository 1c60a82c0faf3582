using System.Buffers;
using System.Collections;
using System.Text.Encodings.Web;
using System.Text.Json;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Parsing;

/// <summary>
/// Serializes event and ack arguments into a <see cref="SocketPacket"/>: one JSON array, with each byte buffer
/// replaced by a placeholder and moved to the attachments. One instance is cached per thread and reused.
/// </summary>
/// <remarks>
/// Byte buffers are recognised as top-level arguments and inside <c>object?[]</c>, <see cref="IList"/> and
/// <see cref="IDictionary{TKey, TValue}"/> of string keys; anything else goes through System.Text.Json
/// (which writes a nested <c>byte[]</c> property as base64). A <see cref="SocketArgs"/> argument is spread.
/// </remarks>
internal sealed class SocketPayloadWriter : IDisposable
{
    [ThreadStatic]
    private static SocketPayloadWriter? t_cached;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _json;
    private readonly List<ReadOnlyMemory<byte>> _attachments = [];
    private JsonSerializerOptions _options = SocketJson.Default;

    private SocketPayloadWriter()
    {
        _json = new Utf8JsonWriter(_buffer, WriterOptions);
    }

    /// <summary>Cached per thread for the thread's lifetime; disposing only matters for instances dropped early.</summary>
    public void Dispose() => _json.Dispose();

    /// <summary>Encodes an EVENT: <c>["name",args...]</c>.</summary>
    public static SocketPacket Event(string nsp, string eventName, ReadOnlySpan<object?> args, long ackId, JsonSerializerOptions options)
    {
        var writer = Rent(options);
        try
        {
            writer._json.WriteStartArray();
            writer._json.WriteStringValue(eventName);
            writer.WriteArgs(args);
            writer._json.WriteEndArray();
            return writer.Build(SocketPacketType.Event, nsp, ackId);
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>Encodes an ACK: <c>[args...]</c>.</summary>
    public static SocketPacket Ack(string nsp, long ackId, ReadOnlySpan<object?> args, JsonSerializerOptions options)
    {
        var writer = Rent(options);
        try
        {
            writer._json.WriteStartArray();
            writer.WriteArgs(args);
            writer._json.WriteEndArray();
            return writer.Build(SocketPacketType.Ack, nsp, ackId);
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>
    /// Encodes an ACK for the one socket that asked: without attachments only its Engine.IO message (in
    /// <paramref name="text"/>, no <see cref="SocketPacket"/>: an echo's reply allocates just its bytes); with
    /// attachments the packet.
    /// </summary>
    public static SocketPacket? AckToOne(string nsp, long ackId, ReadOnlySpan<object?> args, JsonSerializerOptions options, out EngineMessage text)
    {
        var writer = Rent(options);
        try
        {
            writer._json.WriteStartArray();
            writer.WriteArgs(args);
            writer._json.WriteEndArray();
            if (writer._attachments.Count > 0)
            {
                text = default;
                return writer.Build(SocketPacketType.Ack, nsp, ackId);
            }

            writer._json.Flush();
            text = EngineMessage.Utf8(SocketPacket.EncodeText(SocketPacketType.Ack, nsp, ackId, 0, writer._buffer.WrittenSpan, out _));
            return null;
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>Encodes a packet whose payload is one JSON value (CONNECT reply, CONNECT_ERROR).</summary>
    public static SocketPacket Value<T>(SocketPacketType type, string nsp, T value, JsonSerializerOptions options)
    {
        var writer = Rent(options);
        try
        {
            JsonSerializer.Serialize(writer._json, value, SocketJson.TypeInfo<T>(options));
            return writer.Build(type, nsp, -1);
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>The CONNECT reply: <c>0[nsp,]{"sid":"..."[,"pid":"..."]}</c> (socketio-wire.md §4.3).</summary>
    public static SocketPacket ConnectReply(string nsp, string sid, string? pid)
    {
        var writer = Rent(SocketJson.Default);
        try
        {
            writer._json.WriteStartObject();
            writer._json.WriteString("sid"u8, sid);
            if (pid is not null)
            {
                writer._json.WriteString("pid"u8, pid);
            }

            writer._json.WriteEndObject();
            return writer.Build(SocketPacketType.Connect, nsp, -1);
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>CONNECT_ERROR: <c>4[nsp,]{"message":"..."[,"data":...]}</c>, <c>data</c> left out when null (socketio-wire.md §4.3).</summary>
    public static SocketPacket ConnectError(string nsp, string message, object? data, JsonSerializerOptions options)
    {
        var writer = Rent(options);
        try
        {
            writer._json.WriteStartObject();
            writer._json.WriteString("message"u8, message);
            if (data is not null)
            {
                writer._json.WritePropertyName("data"u8);
                writer.WriteValue(data);
            }

            writer._json.WriteEndObject();
            return writer.Build(SocketPacketType.ConnectError, nsp, -1);
        }
        finally
        {
            Return(writer);
        }
    }

    private static SocketPayloadWriter Rent(JsonSerializerOptions options)
    {
        // Taken out of the slot while in use, so a re-entrant call (a converter that emits) gets its own.
        var writer = t_cached ?? new SocketPayloadWriter();
        t_cached = null;
        writer._options = SocketJson.Freeze(options);
        return writer;
    }

    private static void Return(SocketPayloadWriter writer)
    {
        writer._json.Reset(writer._buffer);
        writer._attachments.Clear();
        if (writer._buffer.Capacity <= 64 * 1024)
        {
            writer._buffer.ResetWrittenCount();
            t_cached = writer;
        }
        else
        {
            writer.Dispose();
        }
    }

    private SocketPacket Build(SocketPacketType type, string nsp, long ackId)
    {
        _json.Flush();
        var attachments = _attachments.Count == 0 ? [] : _attachments.ToArray();
        return SocketPacket.Create(type, nsp, ackId, _buffer.WrittenSpan, attachments);
    }

    private void WriteArgs(ReadOnlySpan<object?> args)
    {
        foreach (var arg in args)
        {
            if (arg is SocketArgs spread)
            {
                var elements = spread.EnumerateArguments();
                while (elements.MoveNext())
                {
                    WriteElement(elements.Current, spread);
                }
            }
            else
            {
                WriteValue(arg);
            }
        }
    }

    private void WriteValue(object? value)
    {
        switch (value)
        {
            case null:
                _json.WriteNullValue();
                break;
            case string s:
                _json.WriteStringValue(s);
                break;
            case byte[] bytes:
                WritePlaceholder(bytes);
                break;
            case ReadOnlyMemory<byte> memory:
                WritePlaceholder(memory);
                break;
            case Memory<byte> memory:
                WritePlaceholder(memory);
                break;
            case ArraySegment<byte> segment:
                WritePlaceholder(segment);
                break;
            case JsonElement element:
                element.WriteTo(_json);
                break;
            case IDictionary<string, object?> map:
                _json.WriteStartObject();
                foreach (var (key, item) in map)
                {
                    _json.WritePropertyName(key);
                    WriteValue(item);
                }

                _json.WriteEndObject();
                break;
            case object?[] array:
                _json.WriteStartArray();
                foreach (var item in array)
                {
                    WriteValue(item);
                }

                _json.WriteEndArray();
                break;
            case IList list when list.GetType().IsGenericType && list.GetType().GetGenericArguments()[0] == typeof(object):
                _json.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(item);
                }

                _json.WriteEndArray();
                break;
            default:
                // The runtime type's metadata from the configured resolver (trimming- and AOT-safe; see SocketJson).
                JsonSerializer.Serialize(_json, value, _options.GetTypeInfo(value.GetType()));
                break;
        }
    }

    private void WriteElement(JsonElement element, SocketArgs source)
    {
        if (!source.HasAttachments)
        {
            element.WriteTo(_json);
            return;
        }

        // Re-number placeholders: the source's attachment n becomes ours at the next index.
        switch (element.ValueKind)
        {
            case JsonValueKind.Object when source.TryGetBytes(element, out var bytes):
                WritePlaceholder(bytes);
                break;
            case JsonValueKind.Object:
                _json.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    _json.WritePropertyName(property.Name);
                    WriteElement(property.Value, source);
                }

                _json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                _json.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteElement(item, source);
                }

                _json.WriteEndArray();
                break;
            default:
                element.WriteTo(_json);
                break;
        }
    }

    // Written as {"_placeholder":true,"num":<index>} (socket.io-parser deconstructPacket).
    private void WritePlaceholder(ReadOnlyMemory<byte> bytes)
    {
        _json.WriteStartObject();
        _json.WriteBoolean("_placeholder"u8, true);
        _json.WriteNumber("num"u8, _attachments.Count);
        _json.WriteEndObject();
        _attachments.Add(bytes);
    }
}
