using System.Text.Json.Nodes;

namespace Switchboard.Server.Documents;

internal sealed partial class DocumentHub
{
    /// <summary>
    /// (Re)starts the debounced save: <see cref="DocumentOptions.SaveDelay"/> after this change, at most
    /// <see cref="DocumentOptions.MaxSaveDelay"/> after the oldest unsaved one. Every accepted update schedules it and
    /// none cancels it (G22): the save writes what the document holds when it runs.
    /// </summary>
    private void ScheduleSave(NoteDocument document)
    {
        var due = document.MarkDirty(time.GetUtcNow(), _options.SaveDelay, _options.MaxSaveDelay);
        document.SaveTimer?.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The timer's save: enters the document and writes it, unless it was unloaded (its last save already ran).</summary>
    private async Task SaveAsync(NoteDocument document)
    {
        await document.Gate.WaitAsync();
        try
        {
            if (!document.Unloaded)
            {
                await SaveLockedAsync(document);
            }
        }
        finally
        {
            document.Gate.Release();
        }
    }

    /// <summary>
    /// Writes a dirty document (gate held): the log compacted into the state, and the note's <c>data.content</c>
    /// derived from the document (G2) when it differs from what was written last. An empty document never replaces
    /// stored content unless it had content here first (a join or a content-free update never empties a note).
    /// A failure is logged and the save tried again later. Returns false when it failed.
    /// </summary>
    private async Task<bool> SaveLockedAsync(NoteDocument document)
    {
        if (!document.Dirty && !document.LogBroken)
        {
            return true;
        }

        if (!await coordinator.TryHoldSaveAsync(document))
        {
            // Another instance saves this document (it has every update too). Looked at again later, in case it died.
            document.HoldsSave = false;
            document.SaveTimer?.Change(_options.MaxSaveDelay, Timeout.InfiniteTimeSpan);
            return true;
        }

        var leaseIsNew = coordinator.IsShared && !document.HoldsSave;
        document.HoldsSave = true;

        try
        {
            await CompactAsync(document);
            var content = DeriveContent(document.Doc, document.Id);
            var written = false;
            if (content is not null)
            {
                var empty = IsEmpty(content);
                var text = content.ToJsonString();
                if (empty && !document.HadContent && document.StoredHasContent)
                {
                    DocumentsLog.EmptyOverwriteRefused(logger, document.Id.Value, document.Id.NoteId);
                }
                else if (text != document.SavedContent && !(leaseIsNew && await StoredContentIsAsync(document, content)))
                {
                    if (!await store.SaveNoteContentAsync(document.Id.NoteId, content, CancellationToken.None))
                    {
                        DocumentsLog.NoteGone(logger, document.Id.NoteId);
                    }

                    written = true;
                    document.SavedContent = text;
                    document.StoredHasContent = !empty;
                    document.HadContent |= !empty;
                }
            }

            document.MarkSaved();
            DocumentsLog.Saved(logger, document.Id.Value, written, (int)document.SizeBound, document.StateSeq);
            return true;
        }
#pragma warning disable CA1031 // Logged and retried: the document in memory still holds everything.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            DocumentsLog.SaveFailed(logger, document.Id.Value, ex);
            document.SaveTimer?.Change(_options.MaxSaveDelay, Timeout.InfiniteTimeSpan);
            return false;
        }
    }

    /// <summary>Folds the log into the stored state (gate held); does nothing when the state is current.</summary>
    private async Task CompactAsync(NoteDocument document)
    {
        if (document.LastSeq == document.StateSeq && !document.LogBroken)
        {
            return;
        }

        if (coordinator.IsShared)
        {
            await CompactSharedAsync(document);
            return;
        }

        var state = document.Doc.EncodeStateAsUpdate();
        await store.CompactAsync(document.Id.Value, state, document.LastSeq, CancellationToken.None);
        document.StateSeq = document.LastSeq;
        document.LogBroken = false;
        document.SizeBound = state.Length;
    }

    /// <summary>
    /// Compaction with other instances writing the same log (the lease holder only): the stored state and log are read and
    /// applied first (Yjs ignores what the document has already), so the new state holds everything it replaces, and exactly
    /// the entries read are deleted with the state written: an entry written meanwhile stays (G5).
    /// </summary>
    private async Task CompactSharedAsync(NoteDocument document)
    {
        var stored = await store.LoadAsync(document.Id.Value, CancellationToken.None);
        if (stored.State is { } storedState)
        {
            // Another instance may have written a whole state (after an update it could not number, in an outage).
            Apply(document.Doc, document.Id, stored.StateSeq, storedState);
        }

        foreach (var update in stored.Updates)
        {
            Apply(document.Doc, document.Id, update.Seq, update.Data);
        }

        var seq = Math.Max(stored.LastSeq, document.StateSeq);
        var state = document.Doc.EncodeStateAsUpdate();
        await store.CompactExactAsync(document.Id.Value, state, seq, [.. stored.Updates.Select(u => u.Seq)], CancellationToken.None);
        document.StateSeq = seq;
        document.LastSeq = Math.Max(document.LastSeq, seq);
        document.LogBroken = false;
        document.SizeBound = state.Length;
    }

    /// <summary>Saves every open document now (shutdown): nothing accepted is left unwritten.</summary>
    public async Task FlushAllAsync()
    {
        foreach (var lazy in _documents.Values)
        {
            if (lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            {
                await SaveAsync(lazy.Value.Result);
            }
        }
    }

    // The lease was just taken (the instance that held it released it, or died): what it wrote is what this document
    // says when both saw every update, and writing it again would only bump updated_at. Equal JSON, whatever the key
    // order the database keeps, counts as written.
    private async Task<bool> StoredContentIsAsync(NoteDocument document, JsonObject content)
    {
        var stored = await store.GetNoteAsync(document.Id.NoteId, CancellationToken.None);
        if (stored?.Content is null || !JsonNode.DeepEquals(stored.Content, content))
        {
            return false;
        }

        document.SavedContent = content.ToJsonString();
        return true;
    }
}
