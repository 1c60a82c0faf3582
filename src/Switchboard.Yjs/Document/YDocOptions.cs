namespace Switchboard.Yjs.Document;

/// <summary>Limits and behaviour of a <see cref="YDoc"/>.</summary>
/// <remarks>
/// What a hostile or broken client can make a document hold, and what bounds it (each limit refuses the update
/// with a <see cref="YjsFormatException"/> naming it; all but <see cref="MaxTypeDepth"/> are checked before
/// the document changes):
/// <list type="table">
/// <listheader><term>Growth path</term><description>Bound</description></listheader>
/// <item><term>One update, any content (long strings, many clients, many structs)</term>
/// <description><see cref="MaxUpdateBytes"/>; memory stays proportional to the bytes received. Length prefixes
/// beyond the input are refused before allocating.</description></item>
/// <item><term>Structs waiting for clocks that never arrive (future clocks, unknown clients)</term>
/// <description><see cref="MaxPendingStructs"/> and <see cref="MaxPendingBytes"/>.</description></item>
/// <item><term>Deletions of clocks not yet known</term>
/// <description><see cref="MaxPendingDeleteRanges"/>; a range is kept as two numbers, so clock ranges up to
/// 2^53 cost nothing per clock.</description></item>
/// <item><term>Many small deletions splitting a long string</term>
/// <description>Applied from the highest clock down, so each piece is copied once (memory linear in the
/// update).</description></item>
/// <item><term>Nested <c>Any</c> values and JSON texts</term><description><see cref="MaxAnyDepth"/>.</description></item>
/// <item><term>Nested shared types, across any number of updates</term>
/// <description><see cref="MaxTypeDepth"/>; checked while integrating, so structs of the same update
/// integrated before the too-deep one stay.</description></item>
/// </list>
/// The total size of a document (content that integrates) is not limited here: a caller that stores documents
/// bounds it by the bytes it accepts per document.
/// </remarks>
public sealed record YDocOptions
{
    /// <summary>Garbage-collect deleted content after each update (yjs <c>gc: true</c>, the default).</summary>
    public bool GarbageCollect { get; init; } = true;

    /// <summary>Largest update <see cref="YDoc.ApplyUpdate"/> accepts, in bytes (default 16 MiB).</summary>
    public int MaxUpdateBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Deepest nesting of arrays/objects inside one <c>Any</c> value or one JSON text of Json, Embed and Format
    /// content (default 64, at most <see cref="Updates.YjsReadLimits.NestingDepthCeiling"/>).
    /// </summary>
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
