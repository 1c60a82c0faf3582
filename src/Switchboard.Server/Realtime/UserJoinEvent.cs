using Switchboard.Server.Channels;
using Switchboard.Server.Auth;
using Switchboard.Server.Sessions;
using Switchboard.Server.Telemetry;

namespace Switchboard.Server.Realtime;

/// <summary>
/// <c>user-join {auth:{token}}</c> (§3.2): authenticates the socket (the only event an anonymous socket may send),
/// joins <c>user:{id}</c> and the user's channels, and answers <c>{id, name}</c>.
/// </summary>
internal sealed class UserJoinEvent(
    ITokenValidator tokens,
    SessionRegistry sessions,
    ISessionPresence presence,
    ChannelDirectory channels,
    IEnumerable<ISocketCleanup> cleanups,
    ServerMetrics metrics,
    ILogger<UserJoinEvent> logger) : IRealtimeEvent
{
    public string Name => "user-join";

    public bool AllowAnonymous => true;

    public async Task HandleAsync(RealtimeContext context)
    {
        if (!Payload.TryAuthToken(context.Payload, out var token, out var error))
        {
            context.Reject(error);
            return;
        }

        var check = await tokens.ValidateAsync(token, context.CancellationToken);
        if (!check.IsValid)
        {
            metrics.AuthFailed(check.Failure.ToString()!);
            context.Reject($"invalid token ({check.Failure})");
            return;
        }

        var previous = context.Session.User;
        sessions.Authenticate(context.Session, new SessionAuth(check.User, check.Claims));
        if (previous is not null && previous.Id != check.User.Id)
        {
            // The tab signed in as someone else: it must stop receiving the previous user's events.
            foreach (var room in context.Socket.Rooms.Where(r => r != context.Socket.Id).ToList())
            {
                context.Socket.Leave(room);
            }

            // And what it held as that user goes too: its open documents (it joins them again with its new access).
            var documents = context.Session.TakeDocuments();
            foreach (var cleanup in cleanups)
            {
                try
                {
                    await cleanup.OnUserChangedAsync(context.Session, previous.Id, documents);
                }
#pragma warning disable CA1031 // A failing cleanup must not stop the others; it is logged.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    RealtimeLog.CleanupFailed(logger, context.Socket.Id, ex);
                }
            }
        }

        var channelIds = await channels.GetChannelIdsAsync(check.User, context.CancellationToken);
        if (context.Session.Closed)
        {
            return;
        }

        context.Socket.Join(Rooms.User(check.User.Id));
        foreach (var channelId in channelIds)
        {
            context.Socket.Join(Rooms.Channel(channelId));
        }

        await presence.OnAuthenticatedAsync(context.Session);
        context.Ack(new { id = check.User.Id, name = check.User.Name });
    }
}
