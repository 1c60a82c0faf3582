using System.Buffers;
using System.Buffers.Text;
using Switchboard.SocketIO.EngineIO.Packets;

namespace Switchboard.SocketIO.EngineIO.Parsing;

/// <summary>Encodes Engine.IO packets for polling payloads and WebSocket frames.</summary>
internal static class EnginePacketWriter
{
    /// <summary>The record separator between packets of a polling payload.</summary>
    public const byte RecordSeparator = 0x1E;

    // Written as one text record (a polling record, or a whole WebSocket text frame):
    //   text packet:     <type digit '0'..'6'> <UTF-8 data>           e.g. 4hello, 2, 3probe
    //   binary message:  'b' <standard base64 of the bytes, padded>   e.g. bAQIDBA==  (no '4' in front)
    public static void WriteText(in EnginePacket packet, IBufferWriter<byte> output)
    {
        if (packet.IsBinary)
        {
            var length = Base64.GetMaxEncodedToUtf8Length(packet.Data.Length) + 1;
            var span = output.GetSpan(length);
            span[0] = EnginePacketReader.BinaryMarker;
            Base64.EncodeToUtf8(packet.Data.Span, span[1..], out _, out var written);
            output.Advance(written + 1);
            return;
        }

        var data = packet.Data.Span;
        var target = output.GetSpan(data.Length + 1);
        target[0] = (byte)('0' + (int)packet.Type);
        data.CopyTo(target[1..]);
        output.Advance(data.Length + 1);
    }

    // A polling payload is the text records of its packets joined by 0x1E, with no length prefix and no
    // trailing separator (socketio-wire.md §3.3): 4hello 0x1E 2 0x1E bAQIDBA==
    public static void WritePayloadRecord(in EnginePacket packet, IBufferWriter<byte> output, bool isFirst)
    {
        if (!isFirst)
        {
            output.GetSpan(1)[0] = RecordSeparator;
            output.Advance(1);
        }

        WriteText(packet, output);
    }

    // A WebSocket frame carries exactly one packet: a text frame holds the text record above, except that a
    // binary message goes out as a binary frame holding only the raw bytes (no type byte, no base64).
    public static void WriteWebSocketFrame(in EnginePacket packet, IBufferWriter<byte> output)
    {
        if (packet.IsBinary)
        {
            output.Write(packet.Data.Span);
            return;
        }

        WriteText(packet, output);
    }

    // A whole server-to-client WebSocket frame around the above (RFC 6455 §5.2; a server never masks):
    //   byte 0: FIN (0x80) | opcode (0x1 text, 0x2 binary)
    //   byte 1: payload length 0..125; or 126 then 2 bytes big-endian; or 127 then 8 bytes big-endian
    //   then the payload (WriteWebSocketFrame's bytes)
    // e.g. the text packet 4hi: 0x81 0x03 '4' 'h' 'i'
    public static void WriteServerFrame(in EnginePacket packet, IBufferWriter<byte> output)
    {
        var payloadLength = packet.IsBinary ? packet.Data.Length : packet.Data.Length + 1;
        var headerLength = payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10;
        var span = output.GetSpan(headerLength + payloadLength);
        span[0] = (byte)(0x80 | (packet.IsBinary ? 0x2 : 0x1));
        switch (headerLength)
        {
            case 2:
                span[1] = (byte)payloadLength;
                break;
            case 4:
                span[1] = 126;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(span[2..], (ushort)payloadLength);
                break;
            default:
                span[1] = 127;
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(span[2..], (ulong)payloadLength);
                break;
        }

        var body = span.Slice(headerLength, payloadLength);
        if (packet.IsBinary)
        {
            packet.Data.Span.CopyTo(body);
        }
        else
        {
            body[0] = (byte)('0' + (int)packet.Type);
            packet.Data.Span.CopyTo(body[1..]);
        }

        output.Advance(headerLength + payloadLength);
    }
}
