using System.Buffers;
using System.Text;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO.Packets;

/// <summary>
/// An outgoing Socket.IO packet, encoded once. A broadcast shares one instance (and so one set of
/// <see cref="EngineMessage"/>s) between every recipient. Immutable.
/// </summary>
/// <remarks>
/// Adapters see the JSON payload with binary placeholders (<see cref="Json"/>) and the attachments separately,
/// so a scale-out adapter can re-encode them (for example as msgpack) without parsing the text header.
/// </remarks>
public sealed class SocketPacket
{
    private readonly byte[] _encoded;
    private readonly int _payloadStart;
    private readonly ReadOnlyMemory<byte>[] _attachments;
    private EngineMessage[]? _messages;

    private SocketPacket(SocketPacketType type, string nsp, long ackId, byte[] encoded, int payloadStart, ReadOnlyMemory<byte>[] attachments)
    {
        Type = type;
        Namespace = nsp;
        AckId = ackId;
        _encoded = encoded;
        _payloadStart = payloadStart;
        _attachments = attachments;
    }

    /// <summary>The packet type; <see cref="SocketPacketType.BinaryEvent"/> or <see cref="SocketPacketType.BinaryAck"/> when it has attachments.</summary>
    public SocketPacketType Type { get; }

    /// <summary>The namespace, such as <c>/</c> or <c>/admin</c>.</summary>
    public string Namespace { get; }

    /// <summary>The ack id, or -1 when the packet neither asks for nor answers an ack.</summary>
    public long AckId { get; }

    /// <summary>The JSON payload as UTF-8 (for events, <c>["name",arg1,...]</c>), with binary placeholders. Empty when there is none.</summary>
    public ReadOnlyMemory<byte> Json => _encoded.AsMemory(_payloadStart);

    /// <summary>The binary attachments, in placeholder order.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _attachments;

    internal bool HasAttachments => _attachments.Length > 0;

    /// <summary>The whole text packet as UTF-8 (header and JSON), without the Engine.IO type character.</summary>
    public ReadOnlyMemory<byte> Encoded => _encoded;

    /// <summary>The Engine.IO messages to send for this packet: the text packet, then one binary message per attachment.</summary>
    internal ReadOnlySpan<EngineMessage> Messages
    {
        get
        {
            if (_attachments.Length == 0)
            {
                // Most packets: one text message. Cache it so a broadcast builds it once.
                return _messages ??= [EngineMessage.Utf8(_encoded)];
            }

            if (_messages is null)
            {
                var messages = new EngineMessage[_attachments.Length + 1];
                messages[0] = EngineMessage.Utf8(_encoded);
                for (var i = 0; i < _attachments.Length; i++)
                {
                    messages[i + 1] = EngineMessage.Binary(_attachments[i]);
                }

                _messages = messages;
            }

            return _messages;
        }
    }

    /// <summary>
    /// Builds a packet from a JSON payload that already holds placeholders for <paramref name="attachments"/>
    /// (for adapters that receive packets from other servers). EVENT and ACK become their binary forms when
    /// there are attachments.
    /// </summary>
    public static SocketPacket Create(SocketPacketType type, string nsp, long ackId, ReadOnlySpan<byte> json, IReadOnlyList<ReadOnlyMemory<byte>>? attachments = null)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        var copy = attachments is null || attachments.Count == 0 ? [] : attachments.ToArray();
        return Create(type, nsp, ackId, json, copy);
    }

    /// <summary>Returns a copy of this EVENT with one more trailing string argument (the connection-state-recovery offset).</summary>
    internal SocketPacket WithTrailingArgument(string value)
    {
        var json = Json.Span;
        if (json.Length < 2 || json[^1] != (byte)']')
        {
            throw new InvalidOperationException("Only array payloads take extra arguments.");
        }

        var extra = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(value, SocketJsonContext.Default.String);
        var combined = new byte[json.Length + 1 + extra.Length];
        json[..^1].CopyTo(combined);
        var n = json.Length - 1;
        if (json.Length > 2)
        {
            combined[n++] = (byte)',';
        }

        extra.CopyTo(combined.AsSpan(n));
        n += extra.Length;
        combined[n++] = (byte)']';
        return Create(Type, Namespace, AckId, combined.AsSpan(0, n), _attachments);
    }

    internal static SocketPacket Create(SocketPacketType type, string nsp, long ackId, ReadOnlySpan<byte> json, ReadOnlyMemory<byte>[] attachments)
    {
        type = (type, attachments.Length > 0) switch
        {
            (SocketPacketType.Event, true) => SocketPacketType.BinaryEvent,
            (SocketPacketType.Ack, true) => SocketPacketType.BinaryAck,
            (SocketPacketType.BinaryEvent, false) => SocketPacketType.Event,
            (SocketPacketType.BinaryAck, false) => SocketPacketType.Ack,
            _ => type,
        };
        var encoded = EncodeText(type, nsp, ackId, attachments.Length, json, out var headerLength);
        return new SocketPacket(type, nsp, ackId, encoded, headerLength, attachments);
    }

    /// <summary>The whole text packet (header and JSON) as UTF-8, without the Engine.IO type character.</summary>
    internal static byte[] EncodeText(SocketPacketType type, string nsp, long ackId, int attachments, ReadOnlySpan<byte> json, out int headerLength)
    {
        // A namespace echoed in CONNECT_ERROR is client-chosen and may be long: only small headers go on the stack.
        var maxHeader = SocketPacketWriter.MaxHeaderLength(nsp);
        var rented = maxHeader > 256 ? ArrayPool<byte>.Shared.Rent(maxHeader) : null;
        try
        {
            var header = rented is null ? stackalloc byte[256] : rented;
            headerLength = SocketPacketWriter.WriteHeader(header, type, attachments, nsp, ackId);
            var encoded = new byte[headerLength + json.Length];
            header[..headerLength].CopyTo(encoded);
            json.CopyTo(encoded.AsSpan(headerLength));
            return encoded;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The text packet (for logs and tests).</summary>
    public override string ToString() => Encoding.UTF8.GetString(_encoded);
}
