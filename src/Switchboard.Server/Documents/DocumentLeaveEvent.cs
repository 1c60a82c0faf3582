using Switchboard.Server.Realtime;

namespace Switchboard.Server.Documents;

/// <summary><c>ydoc:document:leave {document_id}</c>: the editor closed.</summary>
internal sealed class DocumentLeaveEvent(DocumentHub hub) : IRealtimeEvent
{
    public string Name => "ydoc:document:leave";

    public Task HandleAsync(RealtimeContext context) => hub.InOrderAsync(context.Session, () =>
    {
        if (!DocumentPayload.TryDocumentId(context.Payload, out var id, out _, out var error))
        {
            context.Reject(error);
            return Task.CompletedTask;
        }

        return hub.LeaveAsync(context, id);
    });
}
