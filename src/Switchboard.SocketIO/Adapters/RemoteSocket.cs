namespace Switchboard.SocketIO.Adapters;

/// <summary>
/// A socket as a server-wide request (<see cref="Namespace.FetchSocketsAsync"/>) returns it: local or on another
/// server. Its operations go through the adapter, so they work wherever the socket lives.
/// </summary>
public sealed class RemoteSocket
{
    /// <summary>Creates the view (adapters build these from other servers' answers).</summary>
    public RemoteSocket(Namespace nsp, string id, SocketHandshake? handshake, IReadOnlySet<string> rooms, object? data)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(rooms);
        Namespace = nsp;
        Id = id;
        Handshake = handshake;
        Rooms = rooms;
        Data = data;
    }

    /// <summary>The namespace.</summary>
    public Namespace Namespace { get; }

    /// <summary>The socket id.</summary>
    public string Id { get; }

    /// <summary>The handshake, when the serving server shared it.</summary>
    public SocketHandshake? Handshake { get; }

    /// <summary>The rooms the socket was in when fetched.</summary>
    public IReadOnlySet<string> Rooms { get; }

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
