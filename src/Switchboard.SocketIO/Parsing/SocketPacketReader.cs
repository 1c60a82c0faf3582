using System.Buffers;
using System.Text.Json;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Parsing;

/// <summary>
/// Reads Socket.IO v5 text packets. Pure: spans in, offsets and <see cref="JsonDocument"/>s out.
/// Every rule of socketio-wire.md §4.2 that can be checked on one packet is checked here; a
/// violation throws <see cref="InvalidDataException"/>, which closes that connection only.
/// Text is Unicode: bytes that are not UTF-8 are refused (as Node's ws refuses such a frame, 1007), and a lone
/// surrogate escape in the JSON is read as U+FFFD (see <see cref="JsonSurrogates"/>).
/// </summary>
internal static class SocketPacketReader
{
    /// <summary>socket.io-parser 4.2.x <c>maxAttachments</c>.</summary>
    public const int DefaultMaxAttachments = 10;

    // An ack id is a JavaScript number on the client; 15 digits stay exact in a double.
    private const int MaxAckIdDigits = 15;

    private const byte Comma = (byte)',';
    private const byte Slash = (byte)'/';
    private const byte Dash = (byte)'-';

    /// <summary>Reads the header of one text packet. See <see cref="SocketPacketWriter"/>.WriteHeader for the format.</summary>
    public static SocketPacketHeader ReadHeader(ReadOnlySpan<byte> packet, int maxAttachments = DefaultMaxAttachments)
    {
        if (packet.IsEmpty)
        {
            throw new InvalidDataException("Empty Socket.IO packet.");
        }

        var typeDigit = packet[0] - (byte)'0';
        if (typeDigit is < 0 or > (int)SocketPacketType.BinaryAck)
        {
            throw new InvalidDataException("Unknown Socket.IO packet type.");
        }

        var type = (SocketPacketType)typeDigit;
        var i = 1;
        var attachments = 0;
        if (type is SocketPacketType.BinaryEvent or SocketPacketType.BinaryAck)
        {
            var dash = packet[i..].IndexOf(Dash);
            if (dash <= 0 || dash > 9 || !TryParseDigits(packet.Slice(i, dash), out var count))
            {
                throw new InvalidDataException("Illegal attachments count.");
            }

            if (count < 1 || count > maxAttachments)
            {
                throw new InvalidDataException($"Attachments count must be 1..{maxAttachments}.");
            }

            attachments = (int)count;
            i += dash + 1;
        }

        var nspStart = 0;
        var nspLength = 0;
        if (i < packet.Length && packet[i] == Slash)
        {
            // The namespace runs to the first ',' or the end of the packet (Node's decodeString).
            nspStart = i;
            var comma = packet[i..].IndexOf(Comma);
            nspLength = comma < 0 ? packet.Length - i : comma;
            i += comma < 0 ? nspLength : nspLength + 1;
        }

        long ackId = -1;
        var digits = 0;
        while (i + digits < packet.Length && IsDigit(packet[i + digits]))
        {
            digits++;
        }

        if (digits > 0)
        {
            if (digits > MaxAckIdDigits || !TryParseDigits(packet.Slice(i, digits), out ackId))
            {
                throw new InvalidDataException("Ack id out of range.");
            }

            i += digits;
        }

        return new SocketPacketHeader(type, attachments, nspStart, nspLength, ackId, i);
    }

    /// <summary>
    /// Parses and checks the JSON payload of a packet (the bytes from <see cref="SocketPacketHeader.PayloadStart"/>).
    /// Returns <see langword="null"/> when there is no payload and none is required. The document owns a pooled copy
    /// of the bytes: dispose it.
    /// </summary>
    public static JsonDocument? ReadPayload(SocketPacketType type, ReadOnlySpan<byte> payload)
    {
        if (!System.Text.Unicode.Utf8.IsValid(payload))
        {
            throw new InvalidDataException("The packet is not valid UTF-8.");
        }

        if (payload.IsEmpty)
        {
            return type switch
            {
                SocketPacketType.Connect or SocketPacketType.Disconnect => null,
                _ => throw new InvalidDataException($"A {type} packet needs a payload."),
            };
        }

        if (type == SocketPacketType.Disconnect)
        {
            throw new InvalidDataException("A DISCONNECT packet has no payload.");
        }

        var document = ParseJson(payload);
        try
        {
            CheckPayload(type, document.RootElement);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }

    /// <summary>Event names Node refuses from clients (socket.io <c>RESERVED_EVENTS</c>).</summary>
    public static bool IsReservedEventName(ReadOnlySpan<byte> utf8Name) =>
        utf8Name.SequenceEqual("connect"u8) || utf8Name.SequenceEqual("connect_error"u8) ||
        utf8Name.SequenceEqual("disconnect"u8) || utf8Name.SequenceEqual("disconnecting"u8) ||
        utf8Name.SequenceEqual("newListener"u8) || utf8Name.SequenceEqual("removeListener"u8);

    private static void CheckPayload(SocketPacketType type, JsonElement root)
    {
        switch (type)
        {
            // socket.io-parser isPayloadValid: CONNECT takes an object (not an array, not a string).
            case SocketPacketType.Connect when root.ValueKind != JsonValueKind.Object:
                throw new InvalidDataException("CONNECT payload must be a JSON object.");
            case SocketPacketType.ConnectError when root.ValueKind is not (JsonValueKind.Object or JsonValueKind.String):
                throw new InvalidDataException("CONNECT_ERROR payload must be an object or a string.");
            case SocketPacketType.Event or SocketPacketType.BinaryEvent:
                CheckEventPayload(root);
                break;
            case SocketPacketType.Ack or SocketPacketType.BinaryAck when root.ValueKind != JsonValueKind.Array:
                throw new InvalidDataException("ACK payload must be a JSON array.");
            default:
                break;
        }
    }

    private static void CheckEventPayload(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
        {
            throw new InvalidDataException("EVENT payload must be a non-empty JSON array.");
        }

        var name = root[0];
        switch (name.ValueKind)
        {
            case JsonValueKind.Number:
                return;
            case JsonValueKind.String:
                if (name.ValueEquals("connect"u8) || name.ValueEquals("connect_error"u8) || name.ValueEquals("disconnect"u8) ||
                    name.ValueEquals("disconnecting"u8) || name.ValueEquals("newListener"u8) || name.ValueEquals("removeListener"u8))
                {
                    throw new InvalidDataException("Reserved event name.");
                }

                return;
            default:
                throw new InvalidDataException("EVENT name must be a string or a number.");
        }
    }

    private static JsonDocument ParseJson(ReadOnlySpan<byte> json)
    {
        // A lone surrogate escape is read as U+FFFD (JsonSurrogates): rewritten in a copy, which is rare.
        var lone = JsonSurrogates.NextLone(json, 0);
        if (lone < 0)
        {
            return ParseJsonCore(json);
        }

        var copy = ArrayPool<byte>.Shared.Rent(json.Length);
        try
        {
            var text = copy.AsSpan(0, json.Length);
            json.CopyTo(text);
            JsonSurrogates.ReplaceLone(text, lone);
            return ParseJsonCore(text);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static JsonDocument ParseJsonCore(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 64 });
        JsonDocument? document = null;
        try
        {
            // ParseValue copies the bytes into a pooled buffer, so the document outlives the Engine.IO message.
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new InvalidDataException("Trailing data after the JSON payload.");
            }

            return document;
        }
        catch (JsonException ex)
        {
            document?.Dispose();
            throw new InvalidDataException("Invalid JSON payload.", ex);
        }
        catch
        {
            document?.Dispose();
            throw;
        }
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static bool TryParseDigits(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 18)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (!IsDigit(b))
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
