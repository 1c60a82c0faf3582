namespace Switchboard.Server.Documents;

/// <summary>
/// What an open document needs from the other instances that have it open too. With one instance
/// (<see cref="LocalDocumentCoordinator"/>) there are none; in Redis mode the log's sequence numbers come from Redis,
/// accepted updates are announced so every instance's document converges, and one instance at a time (the holder of
/// the document's lease) saves and compacts it.
/// </summary>
internal interface IDocumentCoordinator
{
    /// <summary>Whether other instances share the documents (then compaction reads the stored log first).</summary>
    bool IsShared { get; }

    /// <summary>The log sequence number of the next accepted update (gate held); null when none can be had now.</summary>
    Task<long?> NextSeqAsync(NoteDocument document);

    /// <summary>Tells the other instances about an accepted update (already applied and logged here).</summary>
    Task PublishAsync(NoteDocument document, long seq, byte[] update);

    /// <summary>Whether this instance saves and compacts the document now (takes or renews its lease).</summary>
    Task<bool> TryHoldSaveAsync(NoteDocument document);

    /// <summary>The document left memory here: gives its lease up.</summary>
    Task ReleaseAsync(NoteDocument document);
}
