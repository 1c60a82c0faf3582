using Switchboard.Server.Auth;
using Switchboard.Server.Sessions;

namespace Switchboard.Server.Realtime;

/// <summary>
/// <c>heartbeat {}</c> (§3.3), every 30 s per tab: re-checks the socket's token (an expired or revoked token
/// disconnects the socket with a reason, G15) and updates <c>last_active_at</c>, throttled per user (G8).
/// </summary>
internal sealed class HeartbeatEvent(ITokenValidator tokens, SessionTerminator terminator, PresenceWriter presence, ISessionPresence sessions) : IRealtimeEvent
{
    public string Name => "heartbeat";

    public async Task HandleAsync(RealtimeContext context)
    {
        var auth = context.Session.Auth!;
        if (await tokens.RecheckAsync(auth.Claims, context.CancellationToken) is { } failure)
        {
            await terminator.DisconnectAsync(context.Session, failure == JwtFailure.Expired ? SessionTerminator.Expired : SessionTerminator.Revoked);
            return;
        }

        await sessions.OnHeartbeatAsync(context.Session);
        await presence.TouchAsync(auth.User.Id, context.CancellationToken);
        context.Ack(null);
    }
}
