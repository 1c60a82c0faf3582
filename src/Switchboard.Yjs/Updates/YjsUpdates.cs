namespace Switchboard.Yjs.Updates;

/// <summary>
/// The yjs merge-layer functions on serialized v1 updates, byte-identical to yjs 13.6 (spec section 4):
/// <see cref="Merge"/> (<c>Y.mergeUpdates</c>), <see cref="Diff"/> (<c>Y.diffUpdate</c>) and
/// <see cref="EncodeStateVectorFromUpdate"/> (<c>Y.encodeStateVectorFromUpdate</c>). None builds a document.
/// </summary>
/// <remarks>
/// Differences from yjs, all on input yjs never produces: every input is fully validated (yjs validates nothing);
/// an input whose client groups are not strictly descending is first normalized (its groups merged as separate
/// inputs) where yjs would silently drop structs; Any, JSON, embed and format values are copied as bytes where
/// yjs re-serializes them (identical for every value yjs writes).
/// </remarks>
public static partial class YjsUpdates
{
    private static readonly byte[] EmptyUpdate = [0, 0];

    /// <summary>
    /// Rewrites an update whose client groups are not strictly descending (or repeat a client) into the canonical
    /// order, merging overlapping groups; other updates are returned unchanged.
    /// </summary>
    public static ReadOnlyMemory<byte> Normalize(ReadOnlyMemory<byte> update, YjsReadLimits? limits = null)
    {
        limits ??= YjsReadLimits.Default;
        limits.Validate();
        var scan = UpdateScan.Run(update, limits);
        return scan.IsDescending ? update : MergeScans([scan], limits);
    }

    private static UpdateScan ScanNormalized(ReadOnlyMemory<byte> update, YjsReadLimits limits)
    {
        var scan = UpdateScan.Run(update, limits);
        return scan.IsDescending ? scan : UpdateScan.Run(MergeScans([scan], limits), limits);
    }
}
