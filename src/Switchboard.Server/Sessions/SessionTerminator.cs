namespace Switchboard.Server.Sessions;

/// <summary>
/// Ends sockets whose token is no longer good: tells the tab why (<c>error</c> <c>{message, reason}</c>) and
/// disconnects it (socket.io-client then sees "io server disconnect" and does not reconnect on its own).
/// </summary>
internal sealed partial class SessionTerminator(SessionRegistry sessions, ILogger<SessionTerminator> logger)
{
    public const string Expired = "token_expired";
    public const string Revoked = "token_revoked";
    public const string RoleChanged = "role_changed";

    /// <summary>Disconnects every session on this instance whose authentication matches <paramref name="match"/>.</summary>
    public async Task DisconnectRevokedAsync(Func<SessionAuth, bool> match)
    {
        foreach (var session in sessions.All)
        {
            if (session.Auth is { } auth && match(auth))
            {
                await DisconnectAsync(session, Revoked);
            }
        }
    }

    public async Task DisconnectAsync(SocketSession session, string reason)
    {
        var message = reason switch
        {
            Expired => "Your session has expired. Please sign in again.",
            RoleChanged => "Your role was changed. Please reconnect.",
            _ => "Your session was signed out.",
        };
        Log.Disconnecting(logger, session.Id, session.User?.Id ?? "-", reason);
        await session.Socket.EmitAsync("error", new { message, reason });
        session.Socket.Disconnect();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Disconnecting socket {SocketId} of user {UserId}: {Reason}.", EventName = "Disconnecting")]
        public static partial void Disconnecting(ILogger logger, string socketId, string userId, string reason);
    }
}
