using System.Text.Json;

namespace Switchboard.SocketIO.Packets;

/// <summary>
/// A decoded packet from a client, with its attachments gathered. <see cref="Data"/> owns pooled memory:
/// whoever consumes the packet disposes it (directly or through <see cref="SocketArgs"/>).
/// </summary>
internal sealed class IncomingPacket
{
    public IncomingPacket(SocketPacketType type, string nsp, long ackId, JsonDocument? data, int attachments)
    {
        Type = type;
        Namespace = nsp;
        AckId = ackId;
        Data = data;
        Attachments = attachments == 0 ? [] : new ReadOnlyMemory<byte>[attachments];
    }

    public SocketPacketType Type { get; }

    public string Namespace { get; }

    /// <summary>-1 when absent.</summary>
    public long AckId { get; }

    /// <summary>The JSON payload, or <see langword="null"/> when the packet had none.</summary>
    public JsonDocument? Data { get; }

    public ReadOnlyMemory<byte>[] Attachments { get; }

    /// <summary>How many attachments have arrived so far.</summary>
    public int ReceivedAttachments { get; set; }

    public bool IsComplete => ReceivedAttachments == Attachments.Length;

    public void Dispose() => Data?.Dispose();
}
