namespace Switchboard.Yjs.Updates;

/// <summary>
/// The order in which yjs' <c>mergeUpdates</c> visits its readers. yjs keeps them in an array that it filters and
/// sorts with <c>Array.prototype.sort</c> before every step (client descending, clock ascending; same ID: equal when
/// both are Items or both GCs, otherwise "the first argument is smaller").
/// </summary>
/// <remarks>
/// Only the first reader moves between two sorts. While no two readers sit at the same ID with different struct
/// kinds the comparator is consistent, every stable sort gives V8's result, and a priority queue reproduces it in
/// O(log n): the moved reader goes before readers with an equal key (a decreasing tie-breaker), exactly where a
/// stable sort leaves the element that was first. While such a conflict exists the result depends on V8's exact
/// comparisons, so the array is kept and sorted with <see cref="JsArraySort{T}"/>.
/// </remarks>
internal sealed class MergeReaderOrder
{
    private readonly PriorityQueue<LazyStructReader, (ulong Client, ulong Clock, long Tie)> _queue = new(KeyComparer.Instance);
    private readonly Dictionary<(ulong Client, ulong Clock), (int Gc, int Item)> _kinds = [];
    private readonly JsArraySort<LazyStructReader> _sorter = new(Compare);
    private LazyStructReader[] _array = [];
    private int _arrayLength;
    private bool _arrayMode;
    private int _conflicts;
    private long _tie = -1;
    private (ulong Client, ulong Clock, StructKind Kind) _takenKey;

    public MergeReaderOrder(IReadOnlyList<LazyStructReader> readers)
    {
        long tie = 0;
        foreach (var reader in readers)
        {
            if (reader.HasCurrent)
            {
                Count(reader.Current.Client, reader.Current.Clock, reader.Current.Kind, +1);
                _queue.Enqueue(reader, (reader.Current.Client, reader.Current.Clock, tie++));
            }
        }

        if (_conflicts > 0)
        {
            // The first sort is inconsistent: it must see the readers in input order, as yjs' array has them.
            _queue.Clear();
            _array = readers.Where(r => r.HasCurrent).ToArray();
            _arrayLength = _array.Length;
            _arrayMode = true;
        }
    }

    /// <summary>yjs' comparator (<c>mergeUpdatesV2</c>), including its inconsistency for a GC and an Item at one ID.</summary>
    public static int Compare(LazyStructReader x, LazyStructReader y)
    {
        ref readonly var a = ref x.Current;
        ref readonly var b = ref y.Current;
        if (a.Client != b.Client)
        {
            return b.Client < a.Client ? -1 : 1;
        }

        if (a.Clock != b.Clock)
        {
            return a.Clock < b.Clock ? -1 : 1;
        }

        return a.Kind == b.Kind ? 0 : a.Kind == StructKind.Skip ? 1 : -1;
    }

    /// <summary>Drops exhausted readers, sorts, and returns the first reader (which stays first until <see cref="Return"/>).</summary>
    public bool TryTakeFirst(out LazyStructReader reader)
    {
        if (_arrayMode)
        {
            var n = 0;
            for (var i = 0; i < _arrayLength; i++)
            {
                if (_array[i].HasCurrent)
                {
                    _array[n++] = _array[i];
                }
            }

            Array.Clear(_array, n, _arrayLength - n);
            _arrayLength = n;
            _sorter.Sort(_array, n);
            if (n == 0)
            {
                reader = null!; // Only read when true is returned.
                return false;
            }

            reader = _array[0];
        }
        else if (!_queue.TryDequeue(out reader!, out _))
        {
            return false;
        }

        _takenKey = (reader.Current.Client, reader.Current.Clock, reader.Current.Kind);
        return true;
    }

    /// <summary>Puts the reader taken by <see cref="TryTakeFirst"/> back after it has moved.</summary>
    public void Return(LazyStructReader reader)
    {
        Count(_takenKey.Client, _takenKey.Clock, _takenKey.Kind, -1);
        if (reader.HasCurrent)
        {
            Count(reader.Current.Client, reader.Current.Clock, reader.Current.Kind, +1);
        }

        if (_arrayMode)
        {
            if (_conflicts == 0)
            {
                ToQueueMode();
            }
        }
        else if (_conflicts > 0)
        {
            ToArrayMode(reader);
        }
        else if (reader.HasCurrent)
        {
            _queue.Enqueue(reader, (reader.Current.Client, reader.Current.Clock, _tie--));
        }
    }

    private void Count(ulong client, ulong clock, StructKind kind, int delta)
    {
        var key = (client, clock);
        var (gc, item) = _kinds.GetValueOrDefault(key);
        var before = gc > 0 && item > 0;
        if (kind == StructKind.Gc)
        {
            gc += delta;
        }
        else
        {
            item += delta;
        }

        var after = gc > 0 && item > 0;
        _conflicts += (after ? 1 : 0) - (before ? 1 : 0);
        if (gc == 0 && item == 0)
        {
            _kinds.Remove(key);
        }
        else
        {
            _kinds[key] = (gc, item);
        }
    }

    // The array yjs holds right now: the reader just taken (still first), then the others in sorted order.
    private void ToArrayMode(LazyStructReader first)
    {
        _array = new LazyStructReader[_queue.Count + 1];
        _arrayLength = 0;
        _array[_arrayLength++] = first;

        while (_queue.TryDequeue(out var next, out _))
        {
            _array[_arrayLength++] = next;
        }

        _arrayMode = true;
    }

    // The next sort is consistent, so it is the stable sort of the current array: tie-breakers are array positions.
    private void ToQueueMode()
    {
        for (var i = 0; i < _arrayLength; i++)
        {
            var reader = _array[i];
            if (reader.HasCurrent)
            {
                _queue.Enqueue(reader, (reader.Current.Client, reader.Current.Clock, i));
            }
        }

        _array = [];
        _arrayLength = 0;
        _tie = -1;
        _arrayMode = false;
    }

    private sealed class KeyComparer : IComparer<(ulong Client, ulong Clock, long Tie)>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare((ulong Client, ulong Clock, long Tie) x, (ulong Client, ulong Clock, long Tie) y)
        {
            if (x.Client != y.Client)
            {
                return y.Client.CompareTo(x.Client);
            }

            return x.Clock != y.Clock ? x.Clock.CompareTo(y.Clock) : x.Tie.CompareTo(y.Tie);
        }
    }
}
