namespace Switchboard.Yjs.Document;

/// <summary>Limits and behaviour of a <see cref="YDoc"/>.</summary>
public sealed record YDocOptions
{
    /// <summary>Garbage-collect deleted content after each update (yjs <c>gc: true</c>, the default).</summary>
    public bool GarbageCollect { get; init; } = true;

    /// <summary>Largest update <see cref="YDoc.ApplyUpdate"/> accepts, in bytes (default 16 MiB).</summary>
    public int MaxUpdateBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Deepest nesting of arrays/objects inside one <c>Any</c> value (default 64).</summary>
    public int MaxAnyDepth { get; init; } = 64;

    /// <summary>
    /// Deepest nesting of shared types (an XmlElement in an XmlElement ...; default 128). yjs has no limit, but
    /// reading and deleting walk the nesting recursively, so a hostile chain of nested types is refused.
    /// </summary>
    public int MaxTypeDepth { get; init; } = 128;

    /// <summary>
    /// Most structs that may wait for missing dependencies (default 65,536). An update that would leave more
    /// pending is refused and changes nothing (see <see cref="YDoc.ApplyUpdate"/>).
    /// </summary>
    public int MaxPendingStructs { get; init; } = 65_536;

    /// <summary>
    /// Most delete ranges that may wait for clocks not yet known (default 65,536), counted before merging
    /// overlapping ranges. An update that would leave more pending is refused and changes nothing.
    /// </summary>
    public int MaxPendingDeleteRanges { get; init; } = 65_536;

    /// <summary>
    /// Most bytes of updates that may have left something pending (default 32 MiB): each update that leaves
    /// structs or deletions of its own pending counts in full, until nothing is pending any more. An update that
    /// would exceed it is refused and changes nothing.
    /// </summary>
    public long MaxPendingBytes { get; init; } = 32L * 1024 * 1024;
}
