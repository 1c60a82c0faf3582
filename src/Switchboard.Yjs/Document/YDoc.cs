namespace Switchboard.Yjs.Document;

/// <summary>
/// A read-only Yjs document for the server: integrates v1 updates from any number of clients exactly as npm
/// yjs 13.6 does (YATA conflict resolution, pending updates, delete sets, garbage collection and merging of
/// neighbouring items), encodes its compact state, and reads its content. It has no editing API, events or
/// undo, and never authors changes of its own (see yjs-format.md §7). Not thread-safe: one writer at a time.
/// </summary>
public sealed partial class YDoc
{
    private readonly YDocOptions _options;
    private readonly StructStore _store = new();
    private readonly Dictionary<string, YType> _roots = new(StringComparer.Ordinal);

    /// <summary>Creates an empty document.</summary>
    public YDoc(YDocOptions? options = null)
    {
        _options = options ?? new YDocOptions();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxUpdateBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxAnyDepth);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(_options.MaxAnyDepth, Updates.YjsReadLimits.NestingDepthCeiling);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(_options.MaxTypeDepth);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxPendingStructs);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxPendingDeleteRanges);
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MaxPendingBytes);
    }

    /// <summary>The names of the root types the updates referred to, in order of first use.</summary>
    public IReadOnlyCollection<string> RootNames => _roots.Keys;

    /// <summary>True while some received structs or deletions wait for updates they depend on.</summary>
    public bool HasPending => _pendingStructs is not null || _pendingDeletes is not null;

    /// <summary>The next expected clock per client (the document's state vector, without pending structs).</summary>
    public IReadOnlyDictionary<ulong, long> StateVector
    {
        get
        {
            var sv = new Dictionary<ulong, long>(_store.Clients.Count);
            foreach (var (client, structs) in _store.Clients)
            {
                if (structs.Count > 0)
                {
                    sv[client] = structs[^1].End;
                }
            }

            return sv;
        }
    }

    internal StructStore Store => _store;

    internal YType GetOrCreateRoot(string name)
    {
        if (!_roots.TryGetValue(name, out var root))
        {
            root = new YType(YTypeRef.Unknown, null) { RootName = name };
            _roots[name] = root;
        }

        return root;
    }

    internal YType? FindRoot(string name) => _roots.GetValueOrDefault(name);
}
