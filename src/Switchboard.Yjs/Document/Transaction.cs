namespace Switchboard.Yjs.Document;

/// <summary>
/// Bookkeeping of one <see cref="YDoc.ApplyUpdate"/> (yjs <c>Transaction</c>, reduced to what garbage collection
/// and merging need): the state before of each client that got structs, what was deleted, and items split along
/// the way. Only touched clients are recorded, so the cost of an update does not grow with the number of clients
/// the document has seen.
/// </summary>
internal sealed class Transaction
{
    private readonly Dictionary<ulong, long> _before;
    private List<Item>? _mergeStructs;

    /// <param name="store">The document's store.</param>
    /// <param name="before">A reusable, cleared dictionary for the states before.</param>
    /// <param name="maxTypeDepth">The nesting limit for shared types.</param>
    public Transaction(StructStore store, Dictionary<ulong, long> before, int maxTypeDepth = int.MaxValue)
    {
        Store = store;
        _before = before;
        _before.Clear();
        MaxTypeDepth = maxTypeDepth;
    }

    public int MaxTypeDepth { get; }

    public StructStore Store { get; }

    /// <summary>The clients that got new structs, with their state before the transaction.</summary>
    public IReadOnlyDictionary<ulong, long> Changed => _before;

    public DeleteSet DeleteSet { get; } = new();

    /// <summary>Items split during the transaction, to try merging again afterwards.</summary>
    public List<Item> MergeStructs => _mergeStructs ??= [];

    public bool HasMergeStructs => _mergeStructs is { Count: > 0 };

    /// <summary>The state of <paramref name="client"/> before the transaction.</summary>
    public long Before(ulong client) => _before.TryGetValue(client, out var clock) ? clock : Store.GetState(client);

    /// <summary>Adds an integrated struct to the store, remembering its client's state before the first one.</summary>
    public void AddStruct(YStruct s)
    {
        _before.TryAdd(s.Client, Store.GetState(s.Client));
        Store.Add(s);
    }
}
