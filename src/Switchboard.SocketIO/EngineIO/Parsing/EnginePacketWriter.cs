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
}
