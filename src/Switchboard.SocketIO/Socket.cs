using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO;

/// <summary>
/// One client in one namespace (socket.io's server-side <c>Socket</c>). Its <see cref="Id"/> is also a room only it is in.
/// </summary>
public sealed partial class Socket
{
    // 0 while the middleware runs, 1 from the CONNECT reply, 2 once the socket left (never back to 1).
    private const int Connecting = 0;
    private const int Open = 1;
    private const int Gone = 2;
    private int _state;

    internal Socket(Namespace nsp, SocketClient client, SocketHandshake handshake, string id, string? pid, bool recovered)
    {
        Namespace = nsp;
        Client = client;
        Handshake = handshake;
        Id = id;
        Pid = pid;
        Recovered = recovered;
    }

    /// <summary>The socket id (20 characters), new for each connection unless <see cref="Recovered"/>.</summary>
    public string Id { get; }

    /// <summary>The namespace the socket joined.</summary>
    public Namespace Namespace { get; }

    /// <summary>The handshake: request headers, query and the <c>auth</c> payload.</summary>
    public SocketHandshake Handshake { get; }

    /// <summary><see langword="true"/> when connection state recovery gave this socket back its id, rooms and data.</summary>
    public bool Recovered { get; }

    /// <summary><see langword="true"/> from the CONNECT reply until the socket leaves the namespace.</summary>
    public bool Connected => Volatile.Read(ref _state) == Open;

    /// <summary>Application data of this socket (socket.io <c>socket.data</c>); kept by connection state recovery and shown by fetch.</summary>
    public object? Data { get; set; }

    /// <summary>The application's services, for handlers that need them.</summary>
    public IServiceProvider Services => Namespace.Server.Services;

    /// <summary>The transport in use: <c>polling</c> or <c>websocket</c>.</summary>
    public string Transport => Client.Connection.Transport;

    /// <summary>A snapshot of the rooms this socket is in (its own id included).</summary>
    public IReadOnlySet<string> Rooms => Namespace.Adapter.GetRooms(this);

    internal SocketClient Client { get; }

    internal string? Pid { get; }

    /// <summary>
    /// Joins rooms, all or none. Does nothing once the socket has left (a handler that awaited past the disconnect).
    /// Throws <see cref="ArgumentNullException"/> for a null room, <see cref="InvalidOperationException"/> before the
    /// socket is connected (in middleware: join in a connection handler) and when
    /// <see cref="SocketIOOptions.MaxRoomsPerSocket"/> would be exceeded.
    /// </summary>
    public void Join(params ReadOnlySpan<string> rooms)
    {
        foreach (var room in rooms)
        {
            ArgumentNullException.ThrowIfNull(room, nameof(rooms));
        }

        if (Volatile.Read(ref _state) == Connecting)
        {
            throw new InvalidOperationException("The socket is not connected yet: join rooms in a connection handler, not in middleware.");
        }

        Namespace.Adapter.AddAll(this, rooms);
    }

    /// <summary>Leaves a room.</summary>
    public void Leave(string room)
    {
        ArgumentNullException.ThrowIfNull(room);
        Namespace.Adapter.Delete(this, room);
    }

    /// <summary>Targets a room for a broadcast that leaves this socket out (socket.io <c>socket.to(room)</c>).</summary>
    public BroadcastOperator To(string room) => new BroadcastOperator(Namespace).To(room).Except(Id);

    /// <summary>Same as <see cref="To"/>.</summary>
    public BroadcastOperator In(string room) => To(room);

    /// <summary>Targets every socket of the namespace except those in <paramref name="room"/> and this one.</summary>
    public BroadcastOperator Except(string room) => new BroadcastOperator(Namespace).Except(room).Except(Id);

    /// <summary>Targets every socket of the namespace but this one (socket.io <c>socket.broadcast</c>).</summary>
    public BroadcastOperator Broadcast => new BroadcastOperator(Namespace).Except(Id);

    /// <summary>
    /// Leaves the namespace: the client gets DISCONNECT and does not reconnect by itself ("io server disconnect").
    /// With <paramref name="close"/>, every namespace of the connection is left and the connection is closed.
    /// </summary>
    public void Disconnect(bool close = false)
    {
        if (!Connected)
        {
            return;
        }

        if (close)
        {
            Client.DisconnectAll();
            return;
        }

        Send(SocketPacket.Create(SocketPacketType.Disconnect, Namespace.Name, -1, [], []), isVolatile: false);
        Close(DisconnectReason.ServerNamespaceDisconnect);
    }

    internal bool Send(SocketPacket packet, bool isVolatile) => Client.Send(packet, isVolatile);

    internal void MarkConnected() => Interlocked.CompareExchange(ref _state, Open, Connecting);

    /// <summary>The packet that answers the CONNECT: <c>{"sid":..}</c>, plus <c>"pid"</c> with recovery on.</summary>
    internal SocketPacket ConnectReply() => Parsing.SocketPayloadWriter.ConnectReply(Namespace.Name, Id, Pid);

    /// <inheritdoc />
    public override string ToString() => $"{Namespace.Name}#{Id}";
}
