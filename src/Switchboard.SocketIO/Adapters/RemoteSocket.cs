namespace Switchboard.SocketIO.Adapters;

/// <summary>
/// A socket as a server-wide request (<see cref="Namespace.FetchSocketsAsync"/>) returns it: local or on another
/// server. Its operations go through the adapter, so they work wherever the socket lives.
/// </summary>
public sealed class RemoteSocket
{
    private readonly Socket? _local;
    private IReadOnlySet<string>? _rooms;

    /// <summary>Creates the view (adapters build these from other servers' answers).</summary>
    public RemoteSocket(Namespace nsp, string id, SocketHandshake? handshake, IReadOnlySet<string> rooms, object? data)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(rooms);
        Namespace = nsp;
        Id = id;
        Handshake = handshake;
        _rooms = rooms;
        Data = data;
    }

    /// <summary>The view of a socket of this server: its rooms are read on first use of <see cref="Rooms"/>.</summary>
    internal RemoteSocket(Socket local)
    {
        Namespace = local.Namespace;
        Id = local.Id;
        Handshake = local.Handshake;
        Data = local.Data;
        _local = local;
    }

    /// <summary>The namespace.</summary>
    public Namespace Namespace { get; }

    /// <summary>The socket id.</summary>
    public string Id { get; }

    /// <summary>The handshake, when the serving server shared it.</summary>
    public SocketHandshake? Handshake { get; }

    /// <summary>
    /// The rooms the socket was in: when fetched from another server, or, for a socket of this server, when this
    /// property is first read (empty if it has left by then). Fetching does not copy every socket's rooms.
    /// </summary>
    public IReadOnlySet<string> Rooms
    {
        get
        {
            if (_rooms is null)
            {
                var local = _local!; // Set whenever _rooms is not (the internal constructor).
                Interlocked.CompareExchange(ref _rooms, local.Namespace.Adapter.GetRooms(local), null);
            }

            return _rooms;
        }
    }

    /// <summary>The socket's <see cref="Socket.Data"/> when fetched.</summary>
    public object? Data { get; }

    /// <summary>Emits an event to this socket.</summary>
    public ValueTask EmitAsync(string eventName, params ReadOnlySpan<object?> args) => Namespace.To(Id).EmitAsync(eventName, args);

    /// <summary>Makes the socket join rooms.</summary>
    public Task JoinAsync(params string[] rooms) => Namespace.In(Id).SocketsJoinAsync(rooms);

    /// <summary>Makes the socket leave rooms.</summary>
    public Task LeaveAsync(params string[] rooms) => Namespace.In(Id).SocketsLeaveAsync(rooms);

    /// <summary>Disconnects the socket; <paramref name="close"/> also closes its connection.</summary>
    public Task DisconnectAsync(bool close = false) => Namespace.In(Id).DisconnectSocketsAsync(close);
}
