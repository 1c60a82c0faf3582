using System.Buffers;
using System.Buffers.Text;
using System.Text;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Parsing;

/// <summary>Writes the header of Socket.IO v5 text packets. Pure: an <see cref="IBufferWriter{T}"/> in, bytes out.</summary>
internal static class SocketPacketWriter
{
    /// <summary>
    /// Writes the header; the JSON payload (if any) follows it directly.
    /// </summary>
    /// <remarks>
    /// Written as (socketio-wire.md §4.1):
    /// <code>
    /// &lt;type digit&gt;          one of 0..6 (SocketPacketType)
    /// [&lt;attachments&gt;-]     BINARY_EVENT / BINARY_ACK only: decimal count, then '-'
    /// [&lt;nsp&gt;,]             only when the namespace is not "/"; always followed by ','
    /// [&lt;ack id&gt;]           decimal, when the packet asks for or answers an ack
    /// [&lt;JSON&gt;]             written by the caller
    /// </code>
    /// Examples: <c>2["foo"]</c>, <c>3/admin,13["bar"]</c>, <c>461-/admin,1[{"_placeholder":true,"num":0}]</c>.
    /// </remarks>
    public static void WriteHeader(IBufferWriter<byte> output, SocketPacketType type, int attachments, string nsp, long ackId)
    {
        var span = output.GetSpan(MaxHeaderLength(nsp));
        output.Advance(WriteHeader(span, type, attachments, nsp, ackId));
    }

    /// <summary>The most bytes <see cref="WriteHeader(Span{byte}, SocketPacketType, int, string, long)"/> can write.</summary>
    public static int MaxHeaderLength(string nsp) => 48 + Encoding.UTF8.GetMaxByteCount(nsp.Length);

    /// <summary>Writes the header into <paramref name="span"/> and returns its length. See <see cref="WriteHeader(IBufferWriter{byte}, SocketPacketType, int, string, long)"/>.</summary>
    public static int WriteHeader(Span<byte> span, SocketPacketType type, int attachments, string nsp, long ackId)
    {
        var n = 0;
        span[n++] = (byte)('0' + (int)type);
        if (attachments > 0)
        {
            Utf8Formatter.TryFormat(attachments, span[n..], out var written);
            n += written;
            span[n++] = (byte)'-';
        }

        if (nsp.Length > 0 && nsp != "/")
        {
            n += Encoding.UTF8.GetBytes(nsp, span[n..]);
            span[n++] = (byte)',';
        }

        if (ackId >= 0)
        {
            Utf8Formatter.TryFormat(ackId, span[n..], out var written);
            n += written;
        }

        return n;
    }
}
