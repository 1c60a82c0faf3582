using Switchboard.Server.Realtime;

namespace Switchboard.Server.Documents;

internal sealed partial class DocumentHub
{
    /// <summary>
    /// <c>ydoc:document:join</c> (§3.8): with read access to the note, the socket joins the document's room and gets
    /// <c>ydoc:document:state</c> (the whole document, <c>[0,0]</c> when empty, and the sockets in the room); the others
    /// get <c>ydoc:user:joined</c> with the user's server-side identity (G4).
    /// </summary>
    public async Task JoinAsync(RealtimeContext context, DocumentId id, string sentId)
    {
        var user = context.User;
        var permission = await access.GetNoteAccessAsync(user, id.NoteId, context.CancellationToken);
        if (!permission.CanRead)
        {
            context.Reject(permission.Exists ? "no read access to the note" : "no such note");
            return;
        }

        NoteDocument document;
        try
        {
            document = await EnterAsync(id, context.CancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            DocumentsLog.JoinFailed(logger, id.Value, context.Socket.Id, ex);
            await context.Socket.EmitAsync("error", new DocumentError("Failed to join document", id.Value, null));
            context.Reject("failed to join document");
            return;
        }

        // Queued under the gate (the state and the announcement in document order), waited for after it: a member that
        // reads slowly holds back only its own join, never the note's other editors (flow control).
        Task sent = Task.CompletedTask, announced = Task.CompletedTask;
        try
        {
            if (!FitsLimit(document, 0))
            {
                await RefuseOverLimitAsync(context, document, "the note is larger than the limit of {0} bytes");
                return;
            }

            if (!context.Session.AddDocument(id.Value) && context.Session.Closed)
            {
                return;
            }

            document.Members[context.Socket.Id] = new DocumentMember(context.Session, permission.CanWrite, time.GetTimestamp());
            context.Socket.Join(id.Room);
            var sessions = await SessionsAsync(context, document);
            sent = context.Socket.EmitAsync("ydoc:document:state", new DocumentState(sentId, new YjsBytes(document.Doc.EncodeStateAsUpdate()), sessions)).AsTask();
            announced = context.Socket.To(id.Room).EmitAsync("ydoc:user:joined", new UserJoined(id.Value, user.Id, user.Name, DocumentPayload.Color(context.Payload))).AsTask();
        }
        finally
        {
            document.Gate.Release();
        }

        await Task.WhenAll(sent, announced);
        context.Ack(null);
    }

    /// <summary><c>ydoc:document:state</c> (§3.9): a member asks for the whole state again (applying it failed).</summary>
    public async Task SendStateAsync(RealtimeContext context, DocumentId id, string sentId)
    {
        var document = await EnterOpenAsync(id, context.CancellationToken);
        if (document is null || !document.Members.ContainsKey(context.Socket.Id))
        {
            document?.Gate.Release();
            context.Reject("not in the document (send ydoc:document:join first)");
            return;
        }

        Task sent;
        try
        {
            var sessions = await SessionsAsync(context, document);
            sent = context.Socket.EmitAsync("ydoc:document:state", new DocumentState(sentId, new YjsBytes(document.Doc.EncodeStateAsUpdate()), sessions)).AsTask();
        }
        finally
        {
            document.Gate.Release();
        }

        await sent;
        context.Ack(null);
    }

    /// <summary><c>join-note</c> (§3.5): with read access, the socket joins <c>note:{id}</c> for <c>note-events</c>.</summary>
    public async Task JoinNoteAsync(RealtimeContext context, string noteId)
    {
        var permission = await access.GetNoteAccessAsync(context.User, noteId, context.CancellationToken);
        if (!permission.CanRead)
        {
            context.Reject(permission.Exists ? "no read access to the note" : "no such note");
            return;
        }

        if (!context.Session.Closed)
        {
            context.Socket.Join(Rooms.Note(noteId));
        }

        context.Ack(null);
    }

    // The sockets in the document room: this instance's members, and with other instances those of every instance
    // (asked through the adapter; if that fails, this instance's members are still right).
    private async Task<string[]> SessionsAsync(RealtimeContext context, NoteDocument document)
    {
        if (!coordinator.IsShared)
        {
            return [.. document.Members.Keys];
        }

        try
        {
            var sockets = await context.Socket.Namespace.In(document.Id.Room).FetchSocketsAsync(context.CancellationToken);
            return [.. sockets.Select(s => s.Id).Union(document.Members.Keys, StringComparer.Ordinal)];
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            DocumentsLog.SessionsIncomplete(logger, document.Id.Value, ex.Message);
            return [.. document.Members.Keys];
        }
    }

    /// <summary>Whether the document stays within the limit after growing by <paramref name="extra"/> bytes (exact size computed only near it).</summary>
    private bool FitsLimit(NoteDocument document, int extra)
    {
        if (document.SizeBound + extra <= MaxDocumentBytes)
        {
            return true;
        }

        document.SizeBound = document.Doc.EncodeStateAsUpdate().Length;
        return document.SizeBound + extra <= MaxDocumentBytes;
    }

    // G17: the client is told, with the limit, and keeps its connection.
    private async Task RefuseOverLimitAsync(RealtimeContext context, NoteDocument document, string format)
    {
        var message = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, MaxDocumentBytes);
        DocumentsLog.OverLimit(logger, document.Id.Value, context.Socket.Id, message);
        await context.Socket.EmitAsync("error", new DocumentError(message, document.Id.Value, MaxDocumentBytes));
        context.Reject(message);
    }
}
