using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Adapters;

/// <summary>
/// Room membership and packet delivery for one namespace. <see cref="InMemoryAdapter"/> serves one server; a
/// scale-out adapter (Redis) derives from it, delivers locally through it, and carries broadcasts and requests
/// to the other servers. Everything that may cross servers is asynchronous and request/response shaped.
/// </summary>
public interface IAdapter : IAsyncDisposable
{
    /// <summary>Called once when the namespace is created, before any socket joins.</summary>
    Task InitAsync(CancellationToken cancellationToken);

    /// <summary>Adds a local socket to rooms.</summary>
    void AddAll(Socket socket, ReadOnlySpan<string> rooms);

    /// <summary>Removes a local socket from one room.</summary>
    void Delete(Socket socket, string room);

    /// <summary>Removes a local socket from every room.</summary>
    void DeleteAll(Socket socket);

    /// <summary>A snapshot of the rooms a local socket is in.</summary>
    IReadOnlySet<string> GetRooms(Socket socket);

    /// <summary>A snapshot of the rooms that have local members.</summary>
    IReadOnlyCollection<string> GetLocalRooms();

    /// <summary>The rooms that have members on any server (socket.io <c>adapter.allRooms()</c>).</summary>
    Task<IReadOnlySet<string>> AllRoomsAsync(CancellationToken cancellationToken);

    /// <summary>Sends a packet to every target socket, on this server and (unless <see cref="BroadcastFlags.Local"/>) on others.</summary>
    ValueTask BroadcastAsync(SocketPacket packet, BroadcastOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a packet that asks for an ack (its <see cref="SocketPacket.AckId"/> is set) and reports to
    /// <paramref name="collector"/> how many clients each server reached and every ack that comes back.
    /// </summary>
    ValueTask BroadcastWithAckAsync(SocketPacket packet, BroadcastOptions options, BroadcastAckCollector collector, CancellationToken cancellationToken);

    /// <summary>How many servers serve this namespace (1 without scale-out); a broadcast with ack waits for a client count from each.</summary>
    ValueTask<int> ServerCountAsync(CancellationToken cancellationToken);

    /// <summary>The sockets that match <paramref name="options"/>, on every server.</summary>
    Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(BroadcastOptions options, CancellationToken cancellationToken);

    /// <summary>Makes the matching sockets join <paramref name="rooms"/>, on every server.</summary>
    Task AddSocketsAsync(BroadcastOptions options, IReadOnlyList<string> rooms, CancellationToken cancellationToken);

    /// <summary>Makes the matching sockets leave <paramref name="rooms"/>, on every server.</summary>
    Task DelSocketsAsync(BroadcastOptions options, IReadOnlyList<string> rooms, CancellationToken cancellationToken);

    /// <summary>Disconnects the matching sockets, on every server; <paramref name="close"/> also closes their connections.</summary>
    Task DisconnectSocketsAsync(BroadcastOptions options, bool close, CancellationToken cancellationToken);

    /// <summary>Sends an event (<see cref="SocketPacket.Json"/> is <c>["name",args...]</c>) to this namespace on the other servers.</summary>
    Task ServerSideEmitAsync(SocketPacket packet, CancellationToken cancellationToken);

    /// <summary>Like <see cref="ServerSideEmitAsync"/>, collecting each other server's answer (its handler's first ack value) until <paramref name="timeout"/>.</summary>
    Task<IReadOnlyList<SocketArgs>> ServerSideEmitWithAckAsync(SocketPacket packet, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Keeps the session of a socket that disconnected unexpectedly (connection state recovery).</summary>
    ValueTask PersistSessionAsync(SocketSession session, CancellationToken cancellationToken);

    /// <summary>Finds a kept session and the packets sent after <paramref name="offset"/>; <see langword="null"/> when recovery is not possible.</summary>
    ValueTask<RecoveredSession?> RestoreSessionAsync(string pid, string offset, CancellationToken cancellationToken);
}
