using Switchboard.Server.Realtime;
using Switchboard.Server.Sessions;
using Switchboard.SocketIO;

namespace Switchboard.Server.Documents;

internal sealed partial class DocumentHub
{
    /// <summary>
    /// <c>ydoc:document:leave</c> (§3.11): the socket leaves the room, the remaining members get
    /// <c>ydoc:user:left</c> and the removal of its awareness states (G18), the pending save runs now, and a document
    /// left empty is closed.
    /// </summary>
    public async Task LeaveAsync(RealtimeContext context, DocumentId id)
    {
        context.Session.RemoveDocument(id.Value);
        context.Socket.Leave(id.Room);
        if (!await RemoveMemberAsync(context.Socket, context.User.Id, id))
        {
            context.Reject("not in the document");
            return;
        }

        context.Ack(null);
    }

    /// <summary>
    /// The document part of <c>disconnect</c> (§3.13): only the documents the socket had joined (G7); the others get
    /// <c>ydoc:user:left</c> (G18), pending saves run now (the last keystrokes are stored) and documents left empty are closed.
    /// </summary>
    public Task DisconnectAsync(SocketSession session, IReadOnlyCollection<string> documents) =>
        LeaveAllAsync(session, session.User?.Id ?? session.Id, documents);

    /// <summary>
    /// The socket signed in as someone else (<c>user-join</c>): it leaves the documents it had joined as
    /// <paramref name="previousUserId"/>, as a disconnect would, and must join again with the new user's access.
    /// </summary>
    public Task UserChangedAsync(SocketSession session, string previousUserId, IReadOnlyCollection<string> documents) =>
        LeaveAllAsync(session, previousUserId, documents);

    // In the socket's event order, so an awareness update still being handled is relayed before its removal, never after.
    private Task LeaveAllAsync(SocketSession session, string userId, IReadOnlyCollection<string> documents) => InOrderAsync(session, async () =>
    {
        foreach (var value in documents)
        {
            if (DocumentId.TryParse(value, out var id, out _))
            {
                await RemoveMemberAsync(session.Socket, userId, id);
            }
        }
    });

    private async Task<bool> RemoveMemberAsync(Socket socket, string userId, DocumentId id)
    {
        var document = await EnterOpenAsync(id, CancellationToken.None);
        if (document is null)
        {
            return false;
        }

        // Queued under the gate, waited for after it (a slow member never holds the note's other editors).
        var sent = new List<Task>();
        try
        {
            if (!document.Members.TryRemove(socket.Id, out var member))
            {
                return false;
            }

            // The socket is out of the room already (left, or disconnected), so the namespace reaches exactly the others.
            sent.Add(socket.Namespace.To(id.Room).EmitAsync("ydoc:user:left", new UserLeft(id.Value, userId, socket.Id)).AsTask());
            foreach (var removal in member.Awareness.Removals())
            {
                sent.Add(socket.Namespace.To(id.Room).EmitAsync("ydoc:awareness:update", new AwarenessUpdate(id.Value, userId, new YjsBytes(removal))).AsTask());
            }

            // Saved at once, whoever remains: the leaver's last keystrokes do not wait for the debounce.
            if (await SaveLockedAsync(document) && document.Members.IsEmpty)
            {
                document.Unloaded = true;
                document.Dispose();
                _documents.TryRemove(id.Value, out _);
                await coordinator.ReleaseAsync(document);
            }

            return true;
        }
        finally
        {
            document.Gate.Release();
            await Task.WhenAll(sent);
        }
    }
}
