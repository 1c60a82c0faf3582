using Switchboard.Server.Realtime;

namespace Switchboard.Server.Documents;

/// <summary><c>ydoc:awareness:update {document_id, update}</c>: an editor's cursor and user, relayed to the other members.</summary>
internal sealed class AwarenessUpdateEvent(DocumentHub hub) : IRealtimeEvent
{
    public string Name => "ydoc:awareness:update";

    public Task HandleAsync(RealtimeContext context) => hub.InOrderAsync(context.Session, () =>
    {
        if (!DocumentPayload.TryDocumentId(context.Payload, out var id, out _, out var error) ||
            !DocumentPayload.TryBytes(context.Event.Args, context.Payload, "update", hub.MaxAwarenessBytes, out var update, out error))
        {
            context.Reject(error);
            return Task.CompletedTask;
        }

        return hub.AwarenessAsync(context, id, update);
    });
}
