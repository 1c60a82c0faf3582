using Switchboard.Server.Realtime;
using Switchboard.Yjs;

namespace Switchboard.Server.Documents;

internal sealed partial class DocumentHub
{
    /// <summary>
    /// <c>ydoc:document:update</c> (§3.10): from a member with write access (G1, G23), applied to the server's document
    /// first (a malformed update is refused and changes nothing), relayed to the other members with the sender's
    /// socket id, appended to the stored log, and the note's save scheduled. The client's <c>data</c> is ignored: the
    /// saved content is derived from the document (G2).
    /// </summary>
    public async Task UpdateAsync(RealtimeContext context, DocumentId id, ReadOnlyMemory<byte> update)
    {
        var document = await EnterOpenAsync(id, context.CancellationToken);
        if (document is null || !document.Members.TryGetValue(context.Socket.Id, out var member))
        {
            document?.Gate.Release();
            context.Reject("not in the document (send ydoc:document:join first)");
            return;
        }

        var relayed = Task.CompletedTask;
        try
        {
            if (!await CanWriteAsync(context, document, member))
            {
                context.Reject("no write access to the note");
                return;
            }

            if (!FitsLimit(document, update.Length))
            {
                await RefuseOverLimitAsync(context, document, "the update would make the note larger than the limit of {0} bytes");
                return;
            }

            try
            {
                document.Doc.ApplyUpdate(update.Span);
            }
            catch (YjsFormatException ex)
            {
                context.Reject("malformed update: " + ex.Message);
                return;
            }

            // Stored and relayed as an owned copy: the received buffer belongs to the packet.
            var bytes = update.ToArray();
            document.SizeBound += bytes.Length;
            var seq = await coordinator.NextSeqAsync(document);
            metrics.DocumentUpdateAccepted();

            // Queued for every member under the gate (relay order is apply order), but waited for after it: a member
            // that reads slowly holds back this sender's next update (flow control), never the note's other editors.
            relayed = context.Socket.To(id.Room).EmitAsync("ydoc:document:update", new DocumentUpdate(id.Value, context.User.Id, new YjsBytes(bytes), context.Socket.Id)).AsTask();
            if (seq is { } s)
            {
                document.LastSeq = Math.Max(document.LastSeq, s);
                await AppendAsync(document, new StoredUpdate(s, bytes));
                await coordinator.PublishAsync(document, s, bytes);
            }
            else
            {
                // No number for the log: the next save writes the whole state, which holds this update.
                document.LogBroken = true;
            }

            ScheduleSave(document);
        }
        finally
        {
            document.Gate.Release();
        }

        await relayed;
        context.Ack(null);
    }

    /// <summary>
    /// <c>ydoc:awareness:update</c> (§3.12): from a member, relayed to the others with the sender's server-side user id
    /// (G4, G23); never stored. Its client ids are noted, to remove their states when the member leaves (G18).
    /// </summary>
    public async Task AwarenessAsync(RealtimeContext context, DocumentId id, ReadOnlyMemory<byte> update)
    {
        if (Find(id.Value) is not { } document || !document.Members.TryGetValue(context.Socket.Id, out var member))
        {
            context.Reject("not in the document (send ydoc:document:join first)");
            return;
        }

        if (!member.Awareness.TryRecord(update.Span, out var error))
        {
            context.Reject(error);
            return;
        }

        await context.Socket.To(id.Room).EmitAsync("ydoc:awareness:update", new AwarenessUpdate(id.Value, context.User.Id, new YjsBytes(update.ToArray())));
        context.Ack(null);
    }

    // The permission found at join is trusted for AccessRecheckInterval, then checked again, so a revoked grant stops
    // a connected editor's writes too.
    private async Task<bool> CanWriteAsync(RealtimeContext context, NoteDocument document, DocumentMember member)
    {
        if (time.GetElapsedTime(member.CheckedAt) > _options.AccessRecheckInterval)
        {
            var permission = await access.GetNoteAccessAsync(context.User, document.Id.NoteId, context.CancellationToken);
            member.CanWrite = permission.CanWrite;
            member.CheckedAt = time.GetTimestamp();
        }

        return member.CanWrite;
    }

    private async Task AppendAsync(NoteDocument document, StoredUpdate update)
    {
        try
        {
            await logWriter.AppendAsync(document.Id.Value, update);
        }
#pragma warning disable CA1031 // The update is in the document already; the next save writes it with the whole state.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            DocumentsLog.AppendFailed(logger, document.Id.Value, ex);
            document.LogBroken = true;
            return;
        }

        if (document.LastSeq - document.StateSeq >= _options.CompactAfterUpdates && await coordinator.TryHoldSaveAsync(document))
        {
            await CompactAsync(document);
        }
    }

    /// <summary>
    /// Applies the stored log again to every open document (after a Redis outage, during which announcements of other
    /// instances' updates were lost: they are in the stored log). Yjs ignores what a document has already.
    /// </summary>
    public async Task RefreshAllAsync()
    {
        var count = 0;
        foreach (var lazy in _documents.Values)
        {
            if (!lazy.IsValueCreated || !lazy.Value.IsCompletedSuccessfully)
            {
                continue;
            }

            var document = lazy.Value.Result;
            var stored = await store.LoadAsync(document.Id.Value, CancellationToken.None);
            await document.Gate.WaitAsync();
            try
            {
                if (document.Unloaded)
                {
                    continue;
                }

                if (stored.State is { } state)
                {
                    Apply(document.Doc, document.Id, stored.StateSeq, state);
                }

                foreach (var update in stored.Updates)
                {
                    Apply(document.Doc, document.Id, update.Seq, update.Data);
                }

                document.LastSeq = Math.Max(document.LastSeq, stored.LastSeq);
                count++;
            }
            finally
            {
                document.Gate.Release();
            }
        }

        DocumentsLog.Refreshed(logger, count);
    }

    /// <summary>
    /// An update another instance accepted (and logged): applied to this instance's copy of the document, if it is open
    /// here, so the copies converge and whichever instance saves writes everything. Its members got it from the origin.
    /// </summary>
    public async Task ApplyRemoteAsync(string documentId, long seq, byte[] update)
    {
        if (Find(documentId) is not { } document)
        {
            return;
        }

        await document.Gate.WaitAsync();
        try
        {
            if (document.Unloaded)
            {
                return;
            }

            try
            {
                document.Doc.ApplyUpdate(update);
            }
            catch (YjsFormatException ex)
            {
                DocumentsLog.StoredUpdateInvalid(logger, documentId, seq, ex);
                return;
            }

            document.LastSeq = Math.Max(document.LastSeq, seq);
            document.SizeBound += update.Length;
            ScheduleSave(document);
        }
        finally
        {
            document.Gate.Release();
        }
    }
}
