using Switchboard.Server.Auth;
using Switchboard.Server.Channels;

namespace Switchboard.Server.Realtime;

/// <summary>
/// <c>join-channels {auth:{token}}</c> (§3.4), sent after a channel is created: joins every channel room of the user.
/// The token must be valid and belong to the socket's user (a socket never mixes two users' rooms).
/// </summary>
internal sealed class JoinChannelsEvent(ITokenValidator tokens, ChannelDirectory channels) : IRealtimeEvent
{
    public string Name => "join-channels";

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
            context.Reject($"invalid token ({check.Failure})");
            return;
        }

        if (check.User.Id != context.User.Id)
        {
            context.Reject("the token belongs to another user than the socket's");
            return;
        }

        var ids = await channels.GetChannelIdsAsync(check.User, context.CancellationToken);
        if (context.Session.Closed)
        {
            return;
        }

        foreach (var id in ids)
        {
            context.Socket.Join(Rooms.Channel(id));
        }

        context.Ack(null);
    }
}
