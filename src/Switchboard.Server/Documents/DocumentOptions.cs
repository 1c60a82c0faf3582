namespace Switchboard.Server.Documents;

/// <summary>
/// Settings of collaborative notes, bound from the <c>Switchboard:Documents</c> configuration section and checked at
/// start. The defaults need no configuration.
/// </summary>
public sealed class DocumentOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "Switchboard:Documents";

    /// <summary>
    /// How long after the last change a note's content (<c>note.data.content</c>) is written, so a burst of keystrokes
    /// costs one write. Default 0.5 s, as Open WebUI.
    /// </summary>
    public TimeSpan SaveDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest time a change waits for its save while typing never pauses. Default 5 s.</summary>
    public TimeSpan MaxSaveDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Largest document, in bytes of its encoded Yjs state. Updates that would make it larger are refused with an
    /// <c>error</c> event naming the limit, and a larger stored document is not opened. <see langword="null"/> (the
    /// default) derives it from the Engine.IO <c>maxPayload</c>: a fifth of it (200,000 bytes for the default
    /// 1,000,000, about 150,000 characters of text), because Open WebUI's editor sends the note's whole content
    /// (Markdown, HTML and JSON, about three times the document) with every keystroke, and a message over
    /// <c>maxPayload</c> would cost the connection (G17).
    /// </summary>
    public int? MaxDocumentBytes { get; set; }

    /// <summary>Largest awareness update relayed, in bytes (cursor and user of one editor). Default 65,536.</summary>
    public int MaxAwarenessBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How many updates may accumulate in a document's log before it is compacted into its stored state (a save also
    /// compacts). Default 200.
    /// </summary>
    public int CompactAfterUpdates { get; set; } = 200;

    /// <summary>
    /// How long a member's read/write permission, checked when it joined, is trusted before an update checks it again
    /// (a revoked grant stops updates within this time). Default 10 s.
    /// </summary>
    public TimeSpan AccessRecheckInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Divisor of <c>maxPayload</c> giving the default <see cref="MaxDocumentBytes"/>.</summary>
    internal const int PayloadToDocumentRatio = 5;

    /// <summary>The document limit in effect for an Engine.IO <paramref name="maxPayload"/>.</summary>
    internal int ResolveMaxDocumentBytes(int maxPayload) => MaxDocumentBytes ?? Math.Max(1, maxPayload / PayloadToDocumentRatio);
}
