using System.Text.Json;
using Switchboard.Server.Realtime;

namespace Switchboard.Server.Completions;

/// <summary>
/// <c>chat:stream:subscribe {deltas?: bool}</c> (Switchboard's opt-in, G11): with <c>deltas</c> true (the default)
/// this socket receives replies in the delta form (<c>chat:completion:delta {seq, delta}</c>) instead of the
/// compatible <c>chat:completion {content}</c>; false goes back. Acks <c>{deltas}</c>. Send it after every connect.
/// </summary>
internal sealed class StreamSubscribeEvent : IRealtimeEvent
{
    public string Name => "chat:stream:subscribe";

    public Task HandleAsync(RealtimeContext context)
    {
        var payload = context.Payload;
        var deltas = true;
        if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("deltas", out var d))
        {
            if (d.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                context.Reject("'deltas' must be true or false");
                return Task.CompletedTask;
            }

            deltas = d.GetBoolean();
        }
        else if (payload.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            context.Reject("the payload must be an object");
            return Task.CompletedTask;
        }

        var room = ChatStreams.DeltaRoom(context.User.Id);
        if (deltas)
        {
            context.Socket.Join(room);
        }
        else
        {
            context.Socket.Leave(room);
        }

        context.Ack(new Dictionary<string, bool> { ["deltas"] = deltas });
        return Task.CompletedTask;
    }
}
