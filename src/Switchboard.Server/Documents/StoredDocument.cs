namespace Switchboard.Server.Documents;

/// <summary>
/// What the database holds for one document: the compacted state (the log folded up to <see cref="StateSeq"/>) and
/// the log entries written after it, oldest first.
/// </summary>
internal sealed record StoredDocument(byte[]? State, long StateSeq, IReadOnlyList<StoredUpdate> Updates)
{
    /// <summary>The highest sequence number stored, so the next append continues after it.</summary>
    public long LastSeq => Updates.Count > 0 ? Math.Max(Updates[^1].Seq, StateSeq) : StateSeq;

    /// <summary>Nothing stored: the document was never edited (or never seeded).</summary>
    public bool IsEmpty => State is null && Updates.Count == 0;
}
