using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Realtime;

/// <summary>
/// <c>events:channel {channel_id, message_id, data:{type, data}}</c> (§3.6), from a socket in <c>channel:{id}</c>:
/// <c>typing</c> is broadcast to the channel (sender included, as the frontend expects) with the identity the server
/// knows (<c>user:{id,name,role}</c>, never the payload's); <c>last_read_at</c> sets the member row's
/// <c>last_read_at</c> and <c>updated_at</c> (epoch ns). Other types are ignored.
/// </summary>
internal sealed class ChannelEvent(IDbContextFactory<WebUIDbContext> contexts, TimeProvider time) : IRealtimeEvent
{
    public string Name => "events:channel";

    public async Task HandleAsync(RealtimeContext context)
    {
        var payload = context.Payload;
        if (!Payload.IsObject(payload, out var error) ||
            !Payload.TryString(payload, "channel_id", out var channelId, out error) ||
            !Payload.TryOptionalString(payload, "message_id", out var messageId, out error))
        {
            context.Reject(error);
            return;
        }

        if (!payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
            !Payload.TryString(data, "type", out var type, out error, maxLength: 64))
        {
            context.Reject(error ?? "'data' must be an object with a type");
            return;
        }

        var room = Rooms.Channel(channelId);
        if (!context.Socket.Rooms.Contains(room))
        {
            context.Reject("the socket is not in that channel");
            return;
        }

        var user = context.User;
        switch (type)
        {
            case "typing":
                await context.Socket.Namespace.To(room).EmitAsync("events:channel", new
                {
                    channel_id = channelId,
                    message_id = messageId,
                    data,
                    user = new { id = user.Id, name = user.Name, role = user.Role },
                });
                break;
            case "last_read_at":
                var now = time.Nanoseconds();
                await using (var db = await contexts.CreateDbContextAsync(context.CancellationToken))
                {
                    await db.ChannelMembers.Where(m => m.ChannelId == channelId && m.UserId == user.Id)
                        .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastReadAt, now).SetProperty(m => m.UpdatedAt, now), context.CancellationToken);
                }

                break;
        }

        context.Ack(null);
    }
}
