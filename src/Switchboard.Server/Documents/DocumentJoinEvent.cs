using Switchboard.Server.Realtime;

namespace Switchboard.Server.Documents;

/// <summary><c>ydoc:document:join {document_id, user_color?}</c>: join a note's document (read access).</summary>
internal sealed class DocumentJoinEvent(DocumentHub hub) : IRealtimeEvent
{
    public string Name => "ydoc:document:join";

    public Task HandleAsync(RealtimeContext context) => hub.InOrderAsync(context.Session, () =>
    {
        if (!DocumentPayload.TryDocumentId(context.Payload, out var id, out var sent, out var error))
        {
            context.Reject(error);
            return Task.CompletedTask;
        }

        return hub.JoinAsync(context, id, sent);
    });
}
