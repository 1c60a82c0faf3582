using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// Collects delete ranges per client in arrival order (yjs <c>readDeleteSet</c> + <c>mergeDeleteSets</c>) and writes
/// them with clients descending, optionally sorted and coalesced (<c>sortAndMergeDeleteSet</c>).
/// </summary>
internal sealed class DeleteSetBuilder
{
    private readonly Dictionary<ulong, List<DeleteRange>> _clients = [];

    public void Add(ulong client, DeleteRange range)
    {
        if (!_clients.TryGetValue(client, out var ranges))
        {
            ranges = [];
            _clients.Add(client, ranges);
        }

        ranges.Add(range);
    }

    /// <summary>Reads one delete set from <paramref name="reader"/> into the builder.</summary>
    public void Read(ref Lib0Reader reader)
    {
        var count = reader.ReadCount("delete set client count", 2);
        for (var i = 0; i < count; i++)
        {
            var client = reader.ReadVarUInt("delete set client");
            var rangeCount = reader.ReadCount("delete set range count", 2);
            for (var j = 0; j < rangeCount; j++)
            {
                Add(client, DeleteSet.ReadRange(ref reader, client));
            }
        }
    }

    public DeleteSet ToDeleteSet(bool sortAndMerge)
    {
        var clients = new List<DeleteSetClient>(_clients.Count);
        foreach (var (client, ranges) in _clients.OrderByDescending(c => c.Key))
        {
            clients.Add(new DeleteSetClient(client, sortAndMerge ? SortAndMerge(ranges) : ranges.ToArray()));
        }

        return new DeleteSet(clients);
    }

    public void Write(Lib0Writer writer, bool sortAndMerge)
    {
        writer.WriteVarUInt((ulong)_clients.Count);
        if (_clients.Count == 0)
        {
            return;
        }

        var keys = _clients.Keys.ToArray();
        Array.Sort(keys);
        for (var k = keys.Length - 1; k >= 0; k--)
        {
            var ranges = _clients[keys[k]];
            IReadOnlyList<DeleteRange> output = sortAndMerge ? SortAndMerge(ranges) : ranges;
            writer.WriteVarUInt(keys[k]);
            writer.WriteVarUInt((ulong)output.Count);
            foreach (var range in output)
            {
                writer.WriteVarUInt(range.Clock);
                writer.WriteVarUInt(range.Length);
            }
        }
    }

    // yjs sortAndMergeDeleteSet: sort by clock, then join a range into its left neighbour when they touch or overlap.
    // The order of equal clocks does not change the result, so an unstable sort is fine here.
    private static DeleteRange[] SortAndMerge(List<DeleteRange> ranges)
    {
        var sorted = ranges.ToArray();
        if (sorted.Length < 2)
        {
            return sorted;
        }

        Array.Sort(sorted, static (a, b) => a.Clock.CompareTo(b.Clock));
        var j = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            var left = sorted[j - 1];
            var right = sorted[i];
            if (left.End >= right.Clock)
            {
                sorted[j - 1] = new DeleteRange(left.Clock, Math.Max(left.Length, right.End - left.Clock));
            }
            else
            {
                sorted[j++] = right;
            }
        }

        return sorted[..j];
    }
}
