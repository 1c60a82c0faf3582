namespace Switchboard.Server.Sessions;

/// <summary>The one-instance <see cref="ISessionPresence"/>: the registry is the presence.</summary>
internal sealed class LocalSessionPresence(SessionRegistry sessions) : ISessionPresence
{
    public Task OnAuthenticatedAsync(SocketSession session) => Task.CompletedTask;

    public Task OnHeartbeatAsync(SocketSession session) => Task.CompletedTask;

    public Task<string?> GetUserIdAsync(string socketId, CancellationToken cancellationToken = default) =>
        Task.FromResult(sessions.TryGet(socketId, out var session) ? session.User?.Id : null);
}
