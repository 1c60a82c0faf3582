using System.Collections.Concurrent;
using Switchboard.Yjs.Document;

namespace Switchboard.Server.Documents;

/// <summary>
/// One open document: the authoritative <see cref="YDoc"/> (every accepted update is applied here first, so the server
/// never trusts a browser's copy), its members, its place in the stored log and its pending save. Everything but
/// <see cref="Members"/> is touched only while holding <see cref="Gate"/>, which also orders the document's updates.
/// </summary>
internal sealed class NoteDocument(DocumentId id, YDoc doc) : IDisposable
{
    public DocumentId Id { get; } = id;

    public YDoc Doc { get; } = doc;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The sockets in the room, by socket id (read without the gate by awareness and state requests).</summary>
    public ConcurrentDictionary<string, DocumentMember> Members { get; } = new(StringComparer.Ordinal);

    /// <summary>Set once the document is dropped from memory; a caller holding a stale reference loads it again.</summary>
    public bool Unloaded { get; set; }

    /// <summary>The sequence number of the last update written to the log (or folded into the state).</summary>
    public long LastSeq { get; set; }

    /// <summary>The sequence number the stored state folds in; the log holds <see cref="StateSeq"/>+1 ... <see cref="LastSeq"/>.</summary>
    public long StateSeq { get; set; }

    /// <summary>A log append failed: the next save writes the whole state, which holds what the log lacks.</summary>
    public bool LogBroken { get; set; }

    /// <summary>An upper bound of the encoded state's size: the last exact size plus every update accepted since.</summary>
    public long SizeBound { get; set; }

    /// <summary>Changed since the last save.</summary>
    public bool Dirty { get; private set; }

    /// <summary>When the oldest unsaved change arrived.</summary>
    public DateTimeOffset DirtySince { get; private set; }

    /// <summary>The <c>data.content</c> last written (JSON text), to skip writes that would change nothing.</summary>
    public string? SavedContent { get; set; }

    /// <summary>
    /// This instance held the save lease at its last save. Another instance may have written the content meanwhile,
    /// so a save that takes the lease afresh compares with the stored content before writing.
    /// </summary>
    public bool HoldsSave { get; set; }

    /// <summary>The note's stored content is not empty (so an empty document must not overwrite it unless it had content).</summary>
    public bool StoredHasContent { get; set; }

    /// <summary>The document has held content in this server's lifetime: emptying it is then a user's edit, and saved.</summary>
    public bool HadContent { get; set; }

    /// <summary>The debounce timer of the save (created by the hub).</summary>
    public ITimer? SaveTimer { get; set; }

    /// <summary>Records a change and returns when its save is due: <paramref name="delay"/> after it, but no later than <paramref name="maxDelay"/> after the oldest unsaved change.</summary>
    public TimeSpan MarkDirty(DateTimeOffset now, TimeSpan delay, TimeSpan maxDelay)
    {
        if (!Dirty)
        {
            Dirty = true;
            DirtySince = now;
        }

        var due = DirtySince + maxDelay;
        return now + delay < due ? delay : due > now ? due - now : TimeSpan.Zero;
    }

    public void MarkSaved() => Dirty = false;

    // The gate is not disposed: a caller may still be waiting on it, and finds Unloaded set when it gets in.
    public void Dispose() => SaveTimer?.Dispose();
}
