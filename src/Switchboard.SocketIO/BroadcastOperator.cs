using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Diagnostics;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO;

/// <summary>
/// A broadcast being described: target rooms, excluded rooms and flags, then an emit or a server-wide request.
/// Immutable; each modifier returns a new operator (socket.io <c>BroadcastOperator</c>).
/// </summary>
public sealed class BroadcastOperator
{
    private readonly Namespace _namespace;
    private readonly string[] _rooms;
    private readonly string[] _except;
    private readonly BroadcastFlags _flags;
    private BroadcastOptions? _options;

    internal BroadcastOperator(Namespace nsp)
        : this(nsp, [], [], default)
    {
    }

    private BroadcastOperator(Namespace nsp, string[] rooms, string[] except, BroadcastFlags flags)
    {
        _namespace = nsp;
        _rooms = rooms;
        _except = except;
        _flags = flags;
    }

    /// <summary>Adds a target room (sockets in any target room are reached once).</summary>
    public BroadcastOperator To(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Array.IndexOf(_rooms, room) >= 0 ? this : new(_namespace, [.. _rooms, room], _except, _flags);
    }

    /// <summary>Adds target rooms.</summary>
    public BroadcastOperator To(IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        var result = this;
        foreach (var room in rooms)
        {
            result = result.To(room);
        }

        return result;
    }

    /// <summary>Same as <see cref="To(string)"/>.</summary>
    public BroadcastOperator In(string room) => To(room);

    /// <summary>Leaves out the sockets in <paramref name="room"/> (a socket id is a room).</summary>
    public BroadcastOperator Except(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        return Array.IndexOf(_except, room) >= 0 ? this : new(_namespace, _rooms, [.. _except, room], _flags);
    }

    /// <summary>Drops the packet for clients that cannot take it right now.</summary>
    public BroadcastOperator Volatile => new(_namespace, _rooms, _except, _flags with { Volatile = true });

    /// <summary>Delivers on this server only.</summary>
    public BroadcastOperator Local => new(_namespace, _rooms, _except, _flags with { Local = true });

    /// <summary>Sets the compression wish carried with the broadcast.</summary>
    public BroadcastOperator Compress(bool compress) => new(_namespace, _rooms, _except, _flags with { Compress = compress });

    /// <summary>How long <see cref="EmitWithAckAsync"/> collects acks.</summary>
    public BroadcastOperator Timeout(TimeSpan timeout) => new(_namespace, _rooms, _except, _flags with { Timeout = timeout });

    // Built once per operator: a loop that emits through one operator (chat streaming) allocates it once.
    internal BroadcastOptions Options => _options ??= new() { Rooms = _rooms, Except = _except, Flags = _flags };

    /// <summary>Sends an event to every target socket; the packet is encoded once for all of them.</summary>
    public ValueTask EmitAsync(string eventName, params ReadOnlySpan<object?> args)
    {
        Namespace.ThrowIfReserved(eventName);
        using var activity = SocketIOActivities.StartEmit(_namespace, eventName, socketId: null);
        var packet = SocketPayloadWriter.Event(_namespace.Name, eventName, args, -1, _namespace.Server.Options.SerializerOptions);
        return _namespace.Adapter.BroadcastAsync(packet, Options, CancellationToken.None);
    }

    /// <summary>
    /// Sends an event that asks every target for an ack and collects the answers until all arrived or the
    /// <see cref="Timeout"/> passed (<see cref="SocketIOOptions.BroadcastAckTimeout"/> when none was set), or
    /// <paramref name="cancellationToken"/> fires. A target that disconnects before answering is no longer waited for.
    /// </summary>
    public async Task<BroadcastAckResult> EmitWithAckAsync(string eventName, object?[] args, CancellationToken cancellationToken = default)
    {
        Namespace.ThrowIfReserved(eventName);
        ArgumentNullException.ThrowIfNull(args);
        using var activity = SocketIOActivities.StartEmit(_namespace, eventName, socketId: null);
        var id = _namespace.NextAckId();
        var packet = SocketPayloadWriter.Event(_namespace.Name, eventName, args, id, _namespace.Server.Options.SerializerOptions);
        var collector = new BroadcastAckCollector(id);
        try
        {
            await _namespace.Adapter.BroadcastWithAckAsync(packet, Options, collector, cancellationToken);
            collector.SetExpectedServers(_flags.Local ? 1 : await _namespace.Adapter.ServerCountAsync(cancellationToken));
            var timeout = _flags.Timeout ?? _namespace.Server.Options.BroadcastAckTimeout;
            await collector.Completion.WaitAsync(timeout, _namespace.Server.TimeProvider, cancellationToken);

            return collector.Close(timedOut: false);
        }
        catch (TimeoutException)
        {
            _namespace.Server.Instrumentation.AckTimedOut(_namespace);
            return collector.Close(timedOut: true);
        }
        finally
        {
            // Sockets that never answered would otherwise keep this collector until they disconnect.
            collector.Release();
        }
    }

    /// <summary>The target sockets, on every server.</summary>
    public Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(CancellationToken cancellationToken = default) =>
        _namespace.Adapter.FetchSocketsAsync(Options, cancellationToken);

    /// <summary>Makes the target sockets join <paramref name="room"/>.</summary>
    public Task SocketsJoinAsync(string room, CancellationToken cancellationToken = default) => SocketsJoinAsync([room], cancellationToken);

    /// <summary>Makes the target sockets join <paramref name="rooms"/>.</summary>
    public Task SocketsJoinAsync(IReadOnlyList<string> rooms, CancellationToken cancellationToken = default) =>
        _namespace.Adapter.AddSocketsAsync(Options, rooms, cancellationToken);

    /// <summary>Makes the target sockets leave <paramref name="room"/>.</summary>
    public Task SocketsLeaveAsync(string room, CancellationToken cancellationToken = default) => SocketsLeaveAsync([room], cancellationToken);

    /// <summary>Makes the target sockets leave <paramref name="rooms"/>.</summary>
    public Task SocketsLeaveAsync(IReadOnlyList<string> rooms, CancellationToken cancellationToken = default) =>
        _namespace.Adapter.DelSocketsAsync(Options, rooms, cancellationToken);

    /// <summary>Disconnects the target sockets; <paramref name="close"/> also closes their connections.</summary>
    public Task DisconnectSocketsAsync(bool close = false, CancellationToken cancellationToken = default) =>
        _namespace.Adapter.DisconnectSocketsAsync(Options, close, cancellationToken);
}
