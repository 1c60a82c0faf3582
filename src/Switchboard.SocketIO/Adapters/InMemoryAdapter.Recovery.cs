using System.Globalization;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Adapters;

// Connection state recovery (socketio-wire.md §4.5): an offset on every plain event, a time-bounded log of those
// events, and the sessions of sockets that dropped unexpectedly.
public partial class InMemoryAdapter
{
    private readonly ConnectionStateRecoveryOptions? _recovery;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _recoveryLock = new();
    private readonly Queue<StoredPacket> _log = new();
    private readonly Dictionary<string, SocketSession> _sessions = new(StringComparer.Ordinal);
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
            _sessions[session.Pid] = session;
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
            if (!_sessions.Remove(pid, out var session))
            {
                return ValueTask.FromResult<RecoveredSession?>(null);
            }

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
        lock (_recoveryLock)
        {
            Prune();
            _log.Enqueue(new StoredPacket(offset, withOffset, options, _timeProvider.GetUtcNow()));
        }

        return withOffset;
    }

    private void Prune()
    {
        var cutoff = _timeProvider.GetUtcNow() - _recovery!.MaxDisconnectionDuration;
        while (_log.TryPeek(out var oldest) && oldest.EmittedAt < cutoff)
        {
            _log.Dequeue();
        }

        if (_sessions.Count == 0)
        {
            return;
        }

        List<string>? expired = null;
        foreach (var (pid, session) in _sessions)
        {
            if (session.DisconnectedAt < cutoff)
            {
                (expired ??= []).Add(pid);
            }
        }

        foreach (var pid in expired ?? [])
        {
            _sessions.Remove(pid);
        }
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

    private sealed record StoredPacket(string Offset, SocketPacket Packet, BroadcastOptions Options, DateTimeOffset EmittedAt);
}
