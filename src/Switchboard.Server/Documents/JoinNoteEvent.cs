using Switchboard.Server.Realtime;

namespace Switchboard.Server.Documents;

/// <summary>
/// <c>join-note {note_id, auth}</c> (§3.5): with read access, the socket joins <c>note:{id}</c>. The socket's own
/// authentication decides (an anonymous socket is refused before this runs, G26); the payload's token is not needed.
/// </summary>
internal sealed class JoinNoteEvent(DocumentHub hub) : IRealtimeEvent
{
    public string Name => "join-note";

    public Task HandleAsync(RealtimeContext context)
    {
        if (!Payload.TryString(context.Payload, "note_id", out var noteId, out var error))
        {
            context.Reject(error);
            return Task.CompletedTask;
        }

        return hub.JoinNoteAsync(context, noteId);
    }
}
