using Switchboard.Server.Usage;

namespace Switchboard.Server.Realtime;

/// <summary><c>usage {action, model, chat_id}</c> (§3.7), every second per generating model: the model is in use by this socket for the next few seconds.</summary>
internal sealed class UsageEvent(IUsageStore usage) : IRealtimeEvent
{
    public string Name => "usage";

    public async Task HandleAsync(RealtimeContext context)
    {
        if (!Payload.IsObject(context.Payload, out var error) || !Payload.TryString(context.Payload, "model", out var model, out error))
        {
            context.Reject(error);
            return;
        }

        await usage.ReportAsync(model, context.Socket.Id, context.CancellationToken);
        context.Ack(null);
    }
}
