using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Server.Documents;

internal sealed partial class DocumentHub
{
    /// <summary>
    /// Makes the note's collaborative document hold <paramref name="content"/> (ProseMirror JSON written over HTTP):
    /// one Yjs update that deletes what the document held and inserts the new content as a fresh client, applied to
    /// the server's document, relayed to the editors as <c>ydoc:document:update</c> (so open editors show it),
    /// appended to the stored log and saved. A document nobody has open is loaded for this (so its stored state
    /// cannot bring the old text back at the next join) and closed again. Nothing happens when the document already
    /// holds that content. Returns whether the document changed.
    /// </summary>
    public async Task<bool> ReplaceContentAsync(string noteId, ProseMirrorNode content, string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!DocumentId.TryParse("note:" + noteId, out var id, out _))
        {
            return false;
        }

        var document = await EnterAsync(id, cancellationToken);
        var relayed = Task.CompletedTask; // queued under the gate, waited for after it
        try
        {
            if (JsonNode.DeepEquals(document.Doc.GetProseMirrorJson(), content.ToJson()))
            {
                return false;
            }

            var update = ProseMirrorSeeder.CreateReplacement(document.Doc, content, NewClientId(document));
            document.Doc.ApplyUpdate(update);
            document.SizeBound += update.Length;
            var seq = await coordinator.NextSeqAsync(document);
            document.HadContent = true;
            if (!document.Members.IsEmpty || coordinator.IsShared)
            {
                // With other instances, their editors are in the room too.
                relayed = io.To(id.Room).EmitAsync("ydoc:document:update", new DocumentUpdate(id.Value, userId, new YjsBytes(update), "")).AsTask();
            }

            if (seq is { } s)
            {
                document.LastSeq = Math.Max(document.LastSeq, s);
                await AppendAsync(document, new StoredUpdate(s, update));
                await coordinator.PublishAsync(document, s, update);
            }
            else
            {
                document.LogBroken = true;
            }

            DocumentsLog.Replaced(logger, id.Value, update.Length, document.Members.Count);
            ScheduleSave(document);
            return true;
        }
        finally
        {
            if (document.Members.IsEmpty && await SaveLockedAsync(document))
            {
                document.Unloaded = true;
                document.Dispose();
                _documents.TryRemove(id.Value, out _);
                await coordinator.ReleaseAsync(document);
            }

            document.Gate.Release();
            await relayed;
        }
    }

    // A random 32-bit client id the document has not seen, as yjs picks one for a new document.
    private static ulong NewClientId(NoteDocument document)
    {
        while (true)
        {
            var candidate = (ulong)(uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
            if (!document.Doc.StateVector.ContainsKey(candidate))
            {
                return candidate;
            }
        }
    }
}
