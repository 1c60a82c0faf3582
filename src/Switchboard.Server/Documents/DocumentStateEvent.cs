using Switchboard.Server.Realtime;

namespace Switchboard.Server.Documents;

/// <summary><c>ydoc:document:state {document_id}</c>: a member asks for the whole state again.</summary>
internal sealed class DocumentStateEvent(DocumentHub hub) : IRealtimeEvent
{
    public string Name => "ydoc:document:state";

    public Task HandleAsync(RealtimeContext context) => hub.InOrderAsync(context.Session, () =>
    {
        if (!DocumentPayload.TryDocumentId(context.Payload, out var id, out var sent, out var error))
        {
            context.Reject(error);
            return Task.CompletedTask;
        }

        return hub.SendStateAsync(context, id, sent);
    });
}
