namespace Switchboard.Yjs.Document;

/// <summary>
/// Bookkeeping of one <see cref="YDoc.ApplyUpdate"/> (yjs <c>Transaction</c>, reduced to what garbage collection
/// and merging need): the state before, what was deleted, and items split along the way.
/// </summary>
internal sealed class Transaction(StructStore store, Dictionary<ulong, long> beforeState, int maxTypeDepth = int.MaxValue)
{
    public int MaxTypeDepth { get; } = maxTypeDepth;

    public StructStore Store { get; } = store;

    public Dictionary<ulong, long> BeforeState { get; } = beforeState;

    public DeleteSet DeleteSet { get; } = new();

    private List<Item>? _mergeStructs;

    /// <summary>Items split during the transaction, to try merging again afterwards.</summary>
    public List<Item> MergeStructs => _mergeStructs ??= [];

    public bool HasMergeStructs => _mergeStructs is { Count: > 0 };

    public long Before(ulong client) => BeforeState.TryGetValue(client, out var clock) ? clock : 0;
}
