namespace Switchboard.Server.Sessions;

/// <summary>
/// Which sockets exist on every instance and whose they are (Open WebUI's <c>SESSION_POOL</c>). One instance needs
/// nothing beyond <see cref="SessionRegistry"/>; in Redis mode each socket has an entry that heartbeats refresh and
/// that expires on its own when its instance dies (G8). Implementations never throw: presence is best effort.
/// </summary>
internal interface ISessionPresence
{
    /// <summary>The socket is now its user's (connect with a token, or <c>user-join</c>).</summary>
    Task OnAuthenticatedAsync(SocketSession session);

    /// <summary>The socket sent a heartbeat: it is alive.</summary>
    Task OnHeartbeatAsync(SocketSession session);

    /// <summary>The user of a socket on any instance, or <see langword="null"/> when no such socket is known.</summary>
    Task<string?> GetUserIdAsync(string socketId, CancellationToken cancellationToken = default);
}
