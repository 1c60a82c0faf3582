using System.Globalization;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Adapters;

// Connection state recovery (socketio-wire.md §4.5): an offset on every plain event, a log of those events bounded
// by age, count and bytes, and the sessions of sockets that dropped unexpectedly, kept in disconnect order (bounded by
// age and count) so pruning looks only at the oldest. A session whose offset fell out of the log is not recovered:
// the client gets a new session rather than one with a gap.
public partial class InMemoryAdapter
{
    private readonly ConnectionStateRecoveryOptions? _recovery;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _recoveryLock = new();
    private readonly Queue<StoredPacket> _log = new();
    private readonly LinkedList<SocketSession> _sessionOrder = new();
    private readonly Dictionary<string, LinkedListNode<SocketSession>> _sessions = new(StringComparer.Ordinal);
    private long _logBytes;
    private readonly string _offsetPrefix = SocketId.New()[..6];
    private long _offsetCounter;

    /// <inheritdoc />
    public virtual ValueTask PersistSessionAsync(SocketSession session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_recovery is null)
        {
            return ValueTask.CompletedTask;
        }

        lock (_recoveryLock)
        {
            Prune();
            if (_sessions.Remove(session.Pid, out var previous))
            {
                _sessionOrder.Remove(previous);
            }

            _sessions[session.Pid] = _sessionOrder.AddLast(session);
            while (_sessions.Count > _recovery.MaxSessions)
            {
                RemoveOldestSession();
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public virtual ValueTask<RecoveredSession?> RestoreSessionAsync(string pid, string offset, CancellationToken cancellationToken)
    {
        if (_recovery is null)
        {
            return ValueTask.FromResult<RecoveredSession?>(null);
        }

        lock (_recoveryLock)
        {
            Prune();
            if (!_sessions.Remove(pid, out var node))
            {
                return ValueTask.FromResult<RecoveredSession?>(null);
            }

            _sessionOrder.Remove(node);
            var session = node.Value;

            var missed = new List<SocketPacket>();
            var found = false;
            foreach (var stored in _log)
            {
                if (found)
                {
                    if (Includes(session.Rooms, stored.Options))
                    {
                        missed.Add(stored.Packet);
                    }
                }
                else if (stored.Offset == offset)
                {
                    found = true;
                }
            }

            return ValueTask.FromResult(found ? new RecoveredSession(session, missed) : null);
        }
    }

    // Only EVENTs with no ack that are not volatile get an offset (socket.io SessionAwareAdapter.broadcast).
    private SocketPacket AddToRecoveryLog(SocketPacket packet, BroadcastOptions options)
    {
        if (_recovery is null || packet.AckId >= 0 || options.Flags.Volatile ||
            packet.Type is not (SocketPacketType.Event or SocketPacketType.BinaryEvent))
        {
            return packet;
        }

        var offset = _offsetPrefix + Interlocked.Increment(ref _offsetCounter).ToString("x", CultureInfo.InvariantCulture);
        var withOffset = packet.WithTrailingArgument(offset);
        var size = withOffset.Encoded.Length;
        foreach (var attachment in withOffset.Attachments)
        {
            size += attachment.Length;
        }

        lock (_recoveryLock)
        {
            Prune();
            _log.Enqueue(new StoredPacket(offset, withOffset, options, _timeProvider.GetUtcNow(), size));
            _logBytes += size;
            while (_log.Count > _recovery.MaxLogPackets || (_logBytes > _recovery.MaxLogBytes && _log.Count > 0))
            {
                _logBytes -= _log.Dequeue().Size;
            }
        }

        return withOffset;
    }

    // Both lists are in time order: only their expired heads are looked at.
    private void Prune()
    {
        var cutoff = _timeProvider.GetUtcNow() - _recovery!.MaxDisconnectionDuration;
        while (_log.TryPeek(out var oldest) && oldest.EmittedAt < cutoff)
        {
            _logBytes -= _log.Dequeue().Size;
        }

        while (_sessionOrder.First is { } first && first.Value.DisconnectedAt < cutoff)
        {
            RemoveOldestSession();
        }
    }

    private void RemoveOldestSession()
    {
        var oldest = _sessionOrder.First!; // Only called while there are sessions.
        _sessionOrder.RemoveFirst();
        _sessions.Remove(oldest.Value.Pid);
    }

    // socket.io shouldIncludePacket: in one of the target rooms (or no rooms given) and in none of the excepted ones.
    private static bool Includes(IReadOnlyList<string> sessionRooms, BroadcastOptions options)
    {
        var included = options.Rooms.Count == 0;
        foreach (var room in sessionRooms)
        {
            if (options.Except.Contains(room))
            {
                return false;
            }

            included |= options.Rooms.Contains(room);
        }

        return included;
    }

    private sealed record StoredPacket(string Offset, SocketPacket Packet, BroadcastOptions Options, DateTimeOffset EmittedAt, long Size);
}
