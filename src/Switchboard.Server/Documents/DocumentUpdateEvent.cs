using Switchboard.Server.Realtime;

namespace Switchboard.Server.Documents;

/// <summary><c>ydoc:document:update {document_id, update}</c>: a Yjs update (integer array or binary attachment) from a member with write access.</summary>
internal sealed class DocumentUpdateEvent(DocumentHub hub) : IRealtimeEvent
{
    public string Name => "ydoc:document:update";

    public Task HandleAsync(RealtimeContext context) => hub.InOrderAsync(context.Session, () =>
    {
        if (!DocumentPayload.TryDocumentId(context.Payload, out var id, out _, out var error) ||
            !DocumentPayload.TryBytes(context.Event.Args, context.Payload, "update", hub.MaxUpdateReadBytes, out var update, out error))
        {
            context.Reject(error);
            return Task.CompletedTask;
        }

        return hub.UpdateAsync(context, id, update);
    });
}
