namespace Switchboard.Yjs.Document;

/// <summary>Per client, deleted clock ranges (yjs <c>DeleteSet</c>); sorted and coalesced by <see cref="SortAndMerge"/>.</summary>
internal sealed class DeleteSet
{
    private static readonly Dictionary<ulong, List<DeleteRange>> Empty = [];
    private Dictionary<ulong, List<DeleteRange>>? _clients;

    /// <summary>The ranges per client; read-only (and shared) while the set is empty.</summary>
    public Dictionary<ulong, List<DeleteRange>> Clients => _clients ?? Empty;

    public bool IsEmpty => _clients is null || _clients.Count == 0;

    public void Add(ulong client, long clock, long length)
    {
        if (length <= 0)
        {
            return;
        }

        _clients ??= [];
        if (!_clients.TryGetValue(client, out var ranges))
        {
            ranges = [];
            _clients[client] = ranges;
        }

        ranges.Add(new DeleteRange(clock, length));
    }

    public void SortAndMerge()
    {
        foreach (var ranges in Clients.Values)
        {
            ranges.Sort(static (a, b) => a.Clock.CompareTo(b.Clock));
            var j = 0;
            for (var i = 1; i < ranges.Count; i++)
            {
                var left = ranges[j];
                var right = ranges[i];
                if (left.Clock + left.Length >= right.Clock)
                {
                    ranges[j] = left with { Length = Math.Max(left.Length, right.Clock + right.Length - left.Clock) };
                }
                else
                {
                    ranges[++j] = right;
                }
            }

            if (ranges.Count > 0)
            {
                ranges.RemoveRange(j + 1, ranges.Count - j - 1);
            }
        }
    }
}

/// <summary>Clocks [Clock, Clock + Length) of one client.</summary>
internal readonly record struct DeleteRange(long Clock, long Length);
