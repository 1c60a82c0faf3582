using System.Buffers;
using System.Diagnostics;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Adapters;

/// <summary>
/// The adapter of a single server: rooms in memory, local delivery, and the connection state recovery log.
/// A deliberate extension point: a scale-out adapter derives from it, calls the base methods for local work and
/// adds its own transport.
/// </summary>
public partial class InMemoryAdapter : IAdapter
{
    private readonly Lock _lock = new();
    // A room's members: the one Socket while it has one member (most rooms: a socket's own id, a user's room), a
    // HashSet<Socket> once a second joins, so an idle connection holds no set per room.
    private readonly Dictionary<string, object> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<Socket, HashSet<string>> _socketRooms = [];

    /// <summary>Creates the adapter of <paramref name="nsp"/>.</summary>
    public InMemoryAdapter(Namespace nsp)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        Namespace = nsp;
        _recovery = nsp.Server.Options.ConnectionStateRecovery;
        _timeProvider = nsp.Server.TimeProvider;
    }

    /// <summary>The namespace served.</summary>
    protected Namespace Namespace { get; }

    /// <inheritdoc />
    public virtual Task InitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>
    /// The packet is queued for every target before this returns. Unless the broadcast is volatile, the task then
    /// waits for the targets above their send queue's high-water mark, all at once, so it waits at most one
    /// <see cref="EngineIO.EngineIOOptions.SlowConsumerTimeout"/> however many are slow (each of those is then closed,
    /// the others are not held back). With nobody above the mark it completes at once and allocates nothing.
    /// </remarks>
    public virtual ValueTask BroadcastAsync(SocketPacket packet, BroadcastOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        packet = AddToRecoveryLog(packet, options);
        return Deliver(packet, options, waitForCapacity: !options.Flags.Volatile, cancellationToken);
    }

    /// <summary>
    /// Delivers a broadcast to the matching local sockets (and the recovery log) without waiting for any of them: what
    /// a scale-out adapter does with a broadcast another server published, so that its one subscription never stalls
    /// behind a slow client. What nobody waits for counts toward each client's
    /// <see cref="EngineIO.EngineIOOptions.SendQueueLimit"/>.
    /// </summary>
    protected void BroadcastLocally(SocketPacket packet, BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        packet = AddToRecoveryLog(packet, options);
        var delivered = Deliver(packet, options, waitForCapacity: false, CancellationToken.None);
        Debug.Assert(delivered.IsCompletedSuccessfully, "Nothing is awaited without waitForCapacity.");
    }

    private ValueTask Deliver(SocketPacket packet, BroadcastOptions options, bool waitForCapacity, CancellationToken cancellationToken)
    {
        var targets = RentTargets(options, out var count);
        var busy = default(CapacityWaits);
        try
        {
            var isVolatile = options.Flags.Volatile;
            for (var i = 0; i < count; i++)
            {
                var target = targets[i];
                if (target.Send(packet, isVolatile) && waitForCapacity)
                {
                    busy.Add(target.Client.WaitForCapacityAsync(cancellationToken));
                }
            }
        }
        finally
        {
            ReturnTargets(targets, count);
        }

        return busy.WhenAll();
    }

    /// <inheritdoc />
    public virtual ValueTask BroadcastWithAckAsync(SocketPacket packet, BroadcastOptions options, BroadcastAckCollector collector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(collector);
        var targets = RentTargets(options, out var count);
        var sent = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (targets[i].SendExpectingAck(packet, collector, options.Flags.Volatile))
                {
                    sent++;
                }
            }
        }
        finally
        {
            ReturnTargets(targets, count);
        }

        collector.AddClientCount(sent);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public virtual ValueTask<int> ServerCountAsync(CancellationToken cancellationToken) => ValueTask.FromResult(1);

    /// <inheritdoc />
    /// <remarks>
    /// Linear in the number of sockets found: a local socket's rooms are copied only when
    /// <see cref="RemoteSocket.Rooms"/> is first read, not for every socket under the lock.
    /// </remarks>
    public virtual Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(BroadcastOptions options, CancellationToken cancellationToken)
    {
        var sockets = LocalSockets(options);
        var result = new RemoteSocket[sockets.Length];
        for (var i = 0; i < sockets.Length; i++)
        {
            result[i] = new RemoteSocket(sockets[i]);
        }

        return Task.FromResult<IReadOnlyList<RemoteSocket>>(result);
    }

    /// <inheritdoc />
    /// <remarks>Every matching socket is tried; if some were refused (room limit), the first refusal is thrown after.</remarks>
    public virtual Task AddSocketsAsync(BroadcastOptions options, IReadOnlyList<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var array = rooms.ToArray();
        InvalidOperationException? refused = null;
        foreach (var socket in LocalSockets(options))
        {
            try
            {
                AddAll(socket, array);
            }
            catch (InvalidOperationException ex)
            {
                refused ??= ex;
            }
        }

        return refused is null ? Task.CompletedTask : Task.FromException(refused);
    }

    /// <inheritdoc />
    public virtual Task DelSocketsAsync(BroadcastOptions options, IReadOnlyList<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        foreach (var socket in LocalSockets(options))
        {
            foreach (var room in rooms)
            {
                Delete(socket, room);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public virtual Task DisconnectSocketsAsync(BroadcastOptions options, bool close, CancellationToken cancellationToken)
    {
        foreach (var socket in LocalSockets(options))
        {
            socket.Disconnect(close);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    /// <remarks>A single server has no other servers: nothing is sent.</remarks>
    public virtual Task ServerSideEmitAsync(SocketPacket packet, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    /// <remarks>A single server has no other servers: the answer is empty at once.</remarks>
    public virtual Task<IReadOnlyList<SocketArgs>> ServerSideEmitWithAckAsync(SocketPacket packet, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<SocketArgs>>([]);

    /// <inheritdoc />
    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary><see langword="true"/> when <paramref name="room"/> has a local member (a scale-out adapter skips other rooms' broadcasts undecoded).</summary>
    protected bool HasLocalRoom(string room)
    {
        lock (_lock)
        {
            return _rooms.ContainsKey(room);
        }
    }

    /// <summary>The local sockets that match <paramref name="options"/> (a snapshot).</summary>
    protected Socket[] LocalSockets(BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var targets = RentTargets(options, out var count);
        try
        {
            return targets.AsSpan(0, count).ToArray();
        }
        finally
        {
            ReturnTargets(targets, count);
        }
    }

    // Snapshots the targets into a pooled array under the lock, so sending happens outside it (a send may close a
    // connection, which leaves rooms) and a broadcast allocates nothing per recipient.
    private Socket[] RentTargets(BroadcastOptions options, out int count)
    {
        lock (_lock)
        {
            var except = options.Except;
            var rooms = options.Rooms;
            Socket[] buffer;
            count = 0;
            if (rooms.Count == 0)
            {
                buffer = ArrayPool<Socket>.Shared.Rent(Math.Max(_socketRooms.Count, 1));
                foreach (var socket in _socketRooms.Keys)
                {
                    if (except.Count == 0 || !IsExcluded(socket, except))
                    {
                        buffer[count++] = socket;
                    }
                }

                return buffer;
            }

            if (rooms.Count == 1)
            {
                if (!_rooms.TryGetValue(rooms[0], out var members))
                {
                    return [];
                }

                if (members is Socket single)
                {
                    if (except.Count == 0 || !IsExcluded(single, except))
                    {
                        buffer = ArrayPool<Socket>.Shared.Rent(1);
                        buffer[count++] = single;
                        return buffer;
                    }

                    return [];
                }

                var set = (HashSet<Socket>)members;
                buffer = ArrayPool<Socket>.Shared.Rent(set.Count);
                foreach (var socket in set)
                {
                    if (except.Count == 0 || !IsExcluded(socket, except))
                    {
                        buffer[count++] = socket;
                    }
                }

                return buffer;
            }

            var seen = new HashSet<Socket>();
            foreach (var room in rooms)
            {
                if (!_rooms.TryGetValue(room, out var members))
                {
                    continue;
                }

                if (members is Socket single)
                {
                    if (except.Count == 0 || !IsExcluded(single, except))
                    {
                        seen.Add(single);
                    }

                    continue;
                }

                foreach (var socket in (HashSet<Socket>)members)
                {
                    if (except.Count == 0 || !IsExcluded(socket, except))
                    {
                        seen.Add(socket);
                    }
                }
            }

            buffer = ArrayPool<Socket>.Shared.Rent(Math.Max(seen.Count, 1));
            seen.CopyTo(buffer);
            count = seen.Count;
            return buffer;
        }
    }

    private bool IsExcluded(Socket socket, IReadOnlyList<string> except)
    {
        for (var i = 0; i < except.Count; i++)
        {
            if (IsMember(except[i], socket))
            {
                return true;
            }
        }

        return false;
    }

    private static void ReturnTargets(Socket[] targets, int count)
    {
        if (targets.Length > 0)
        {
            // Clear before returning: the array must not keep sockets alive, nor race a later renter.
            Array.Clear(targets, 0, count);
            ArrayPool<Socket>.Shared.Return(targets, clearArray: false);
        }
    }
}
