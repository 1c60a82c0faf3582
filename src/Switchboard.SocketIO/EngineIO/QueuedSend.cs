using Switchboard.SocketIO.EngineIO.Packets;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// One entry of a session's send queue: a single packet, or several that were queued together and must stay
/// together (a Socket.IO packet and its binary attachments). The queue's capacity counts entries.
/// </summary>
internal readonly struct QueuedSend
{
    private readonly EnginePacket _single;
    private readonly EnginePacket[]? _many;

    public QueuedSend(EnginePacket single)
    {
        _single = single;
        _many = null;
        Bytes = single.Data.Length + 1;
    }

    public QueuedSend(EnginePacket[] many)
    {
        _single = default;
        _many = many;
        foreach (var packet in many)
        {
            Bytes += packet.Data.Length + 1;
        }
    }

    /// <summary>What the entry counts toward the session's byte limit: its data plus one byte of type per packet.</summary>
    public int Bytes { get; }

    public int Count => _many?.Length ?? 1;

    public EnginePacket this[int index] => _many is null ? _single : _many[index];
}
