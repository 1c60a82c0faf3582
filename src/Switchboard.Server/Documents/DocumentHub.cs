using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Switchboard.Server.Access;
using Switchboard.Server.Configuration;
using Switchboard.Server.Sessions;
using Switchboard.Server.Telemetry;
using Switchboard.SocketIO;
using Switchboard.Yjs;
using Switchboard.Yjs.Document;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Server.Documents;

/// <summary>
/// The open documents of this instance and every operation on them (join, update, awareness, leave, disconnect, save).
/// A document is loaded from the database by its first joiner and dropped, after a final save, when its last member
/// leaves. Updates of one document run one at a time (its gate); events of one socket run in the order they arrived.
/// </summary>
internal sealed partial class DocumentHub(
    DocumentStore store,
    DocumentLogWriter logWriter,
    IAccessControl access,
    IOptions<DocumentOptions> options,
    IOptions<SwitchboardOptions> serverOptions,
    IDocumentCoordinator coordinator,
    TimeProvider time,
    ServerMetrics metrics,
    SocketIOServer io,
    ILogger<DocumentHub> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<NoteDocument>>> _documents = new(StringComparer.Ordinal);
    private readonly ConditionalWeakTable<SocketSession, SemaphoreSlim> _socketOrder = [];
    private readonly DocumentOptions _options = options.Value;

    /// <summary>The largest document accepted, in bytes of encoded state (see <see cref="DocumentOptions.MaxDocumentBytes"/>).</summary>
    public int MaxDocumentBytes { get; } = options.Value.ResolveMaxDocumentBytes(serverOptions.Value.MaxPayload);

    /// <summary>
    /// The largest update read from a payload: anything the transport let through (<c>maxPayload</c>), so an update
    /// over <see cref="MaxDocumentBytes"/> still gets the <c>error</c> event that names the document limit.
    /// </summary>
    public int MaxUpdateReadBytes { get; } = Math.Max(serverOptions.Value.MaxPayload, options.Value.ResolveMaxDocumentBytes(serverOptions.Value.MaxPayload));

    /// <summary>The largest awareness update relayed.</summary>
    public int MaxAwarenessBytes => _options.MaxAwarenessBytes;

    /// <summary>How many documents are open (for tests and diagnostics).</summary>
    public int OpenCount => _documents.Count;

    /// <summary>The open document <paramref name="id"/>, if it is loaded (for tests and diagnostics).</summary>
    public NoteDocument? Find(string id) =>
        _documents.TryGetValue(id, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully ? lazy.Value.Result : null;

    /// <summary>
    /// Runs the document events of one socket in the order they arrived: handlers may await, and an update sent right
    /// after a join must find the join done.
    /// </summary>
    public async Task InOrderAsync(SocketSession session, Func<Task> action)
    {
        var order = _socketOrder.GetValue(session, static _ => new SemaphoreSlim(1, 1));
        await order.WaitAsync();
        try
        {
            await action();
        }
        finally
        {
            order.Release();
        }
    }

    /// <summary>The loaded document, entered (its gate held); the caller releases the gate.</summary>
    private async Task<NoteDocument> EnterAsync(DocumentId id, CancellationToken cancellationToken)
    {
        while (true)
        {
            var lazy = _documents.GetOrAdd(id.Value, key => new Lazy<Task<NoteDocument>>(() => LoadAsync(id, CancellationToken.None)));
            NoteDocument document;
            try
            {
                document = await lazy.Value;
            }
            catch
            {
                // A failed load is not cached: the next join tries again.
                _documents.TryRemove(new KeyValuePair<string, Lazy<Task<NoteDocument>>>(id.Value, lazy));
                throw;
            }

            await document.Gate.WaitAsync(cancellationToken);
            if (!document.Unloaded)
            {
                return document;
            }

            document.Gate.Release();
        }
    }

    /// <summary>The open document <paramref name="id"/> entered, or null when it is not open (nobody joined it).</summary>
    private async Task<NoteDocument?> EnterOpenAsync(DocumentId id, CancellationToken cancellationToken)
    {
        if (Find(id.Value) is not { } document)
        {
            return null;
        }

        await document.Gate.WaitAsync(cancellationToken);
        if (document.Unloaded)
        {
            document.Gate.Release();
            return null;
        }

        return document;
    }

    // The stored state, then the log after it; a document with nothing stored is seeded from the note's stored
    // ProseMirror JSON, else its HTML or Markdown (deterministically, see ProseMirrorSeeder), stored in the same step
    // that finds it new.
    private async Task<NoteDocument> LoadAsync(DocumentId id, CancellationToken cancellationToken)
    {
        var note = await store.GetNoteAsync(id.NoteId, cancellationToken)
            ?? throw new InvalidOperationException($"Note {id.NoteId} does not exist.");
        var stored = await store.LoadAsync(id.Value, cancellationToken);
        if (stored.IsEmpty && Seed(note) is { } seed)
        {
            if (await store.TryCreateAsync(id.Value, seed, cancellationToken))
            {
                DocumentsLog.Seeded(logger, id.Value, seed.Length);
            }

            // Created now, or by another writer a moment ago: either way the stored document is the one to open.
            stored = await store.LoadAsync(id.Value, cancellationToken);
        }

        var doc = new YDoc();
        var size = 0L;
        if (stored.State is { } state)
        {
            Apply(doc, id, stored.StateSeq, state);
            size += state.Length;
        }

        foreach (var update in stored.Updates)
        {
            Apply(doc, id, update.Seq, update.Data);
            size += update.Data.Length;
        }

        DocumentsLog.Loaded(logger, id.Value, stored.State?.Length ?? 0, stored.Updates.Count);
        var content = DeriveContent(doc, id);
        var document = new NoteDocument(id, doc)
        {
            LastSeq = stored.LastSeq,
            StateSeq = stored.StateSeq,
            SizeBound = size,
            StoredHasContent = note.HasContent,
            HadContent = content is not null && !IsEmpty(content),
        };
        document.SaveTimer = time.CreateTimer(static state => ((Action)state!)(), (Action)(() => _ = SaveAsync(document)), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return document;
    }

    // The first form the note has that reads: JSON (what the editor saved); HTML (what the editor itself would seed
    // with, setContent(html)); Markdown (notes made through the API).
    private byte[]? Seed(StoredNote note)
    {
        var forms = new (object? Source, Func<ProseMirrorNode> Read)[]
        {
            (note.ProseMirrorJson, () => ProseMirrorNode.FromJson(note.ProseMirrorJson)),
            (note.Html, () => HtmlNote.ToDocument(note.Html!)),
            (note.Markdown, () => MarkdownNote.ToDocument(note.Markdown!)),
        };
        foreach (var (source, read) in forms)
        {
            if (source is null)
            {
                continue;
            }

            try
            {
                return ProseMirrorSeeder.CreateUpdate(read());
            }
            catch (FormatException ex)
            {
                DocumentsLog.SeedFailed(logger, note.Id, ex.Message);
            }
        }

        return null;
    }

    private void Apply(YDoc doc, DocumentId id, long seq, byte[] update)
    {
        try
        {
            doc.ApplyUpdate(update);
        }
        catch (YjsFormatException ex)
        {
            DocumentsLog.StoredUpdateInvalid(logger, id.Value, seq, ex);
        }
    }

    /// <summary>
    /// The note content (<c>{json, html, md}</c>) the document holds, derived here rather than taken from a browser (G2);
    /// null when the document is not ProseMirror content the renderers understand.
    /// </summary>
    private JsonObject? DeriveContent(YDoc doc, DocumentId id)
    {
        try
        {
            return ProseMirrorSnapshot.Create(doc.GetProseMirror()).ToNoteContent();
        }
        catch (FormatException ex)
        {
            DocumentsLog.ContentUnreadable(logger, id.Value, ex.Message);
            return null;
        }
    }

    /// <summary>Whether derived note content has nothing a reader would see (TipTap's empty document is one empty paragraph).</summary>
    private static bool IsEmpty(JsonObject content) =>
        content["md"]?.GetValue<string>() is not { } md || md.Trim().Length == 0;
}
