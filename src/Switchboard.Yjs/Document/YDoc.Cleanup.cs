namespace Switchboard.Yjs.Document;

public sealed partial class YDoc
{
    /// <summary>
    /// After each update (yjs <c>cleanupTransactions</c>, spec §7.6): garbage-collect what was deleted, then merge
    /// neighbouring structs around deletions, among the new structs and where items were split.
    /// </summary>
    private void Cleanup(Transaction transaction)
    {
        var deletes = transaction.DeleteSet;
        if (!deletes.IsEmpty)
        {
            deletes.SortAndMerge();
            if (_options.GarbageCollect)
            {
                CollectDeleted(deletes);
            }

            MergeAroundDeletes(deletes);
        }

        foreach (var (client, before) in transaction.Changed)
        {
            var structs = _store.Clients[client];
            var first = Math.Max(StructStore.FindIndex(structs, before), 1);
            for (var i = structs.Count - 1; i >= first;)
            {
                i -= 1 + TryMergeWithLefts(structs, i);
            }
        }

        if (!transaction.HasMergeStructs)
        {
            return;
        }

        var split = transaction.MergeStructs;
        for (var i = split.Count - 1; i >= 0; i--)
        {
            var s = split[i];
            var structs = _store.Clients[s.Client];
            var pos = StructStore.FindIndex(structs, s.Clock);
            if (pos + 1 < structs.Count && TryMergeWithLefts(structs, pos + 1) > 1)
            {
                continue;
            }

            if (pos > 0)
            {
                TryMergeWithLefts(structs, pos);
            }
        }
    }

    private void CollectDeleted(DeleteSet deletes)
    {
        foreach (var (client, ranges) in deletes.Clients)
        {
            if (!_store.Clients.TryGetValue(client, out var structs))
            {
                continue;
            }

            for (var r = ranges.Count - 1; r >= 0; r--)
            {
                var range = ranges[r];
                var end = range.Clock + range.Length;
                for (var si = StructStore.FindIndex(structs, range.Clock); si < structs.Count; si++)
                {
                    var s = structs[si];
                    if (s.Clock >= end)
                    {
                        break;
                    }

                    if (s is Item { Deleted: true } item)
                    {
                        item.Collect(_store, parentCollected: false);
                    }
                }
            }
        }
    }

    private void MergeAroundDeletes(DeleteSet deletes)
    {
        foreach (var (client, ranges) in deletes.Clients)
        {
            if (!_store.Clients.TryGetValue(client, out var structs))
            {
                continue;
            }

            for (var r = ranges.Count - 1; r >= 0; r--)
            {
                var range = ranges[r];
                var si = Math.Min(structs.Count - 1, 1 + StructStore.FindIndex(structs, range.Clock + range.Length - 1));
                while (si > 0 && structs[si].Clock >= range.Clock)
                {
                    si -= 1 + TryMergeWithLefts(structs, si);
                }
            }
        }
    }

    /// <summary>
    /// Merges the struct at <paramref name="pos"/> into its left neighbour, and so on leftwards, while possible;
    /// returns how many structs were absorbed (yjs <c>tryToMergeWithLefts</c>).
    /// </summary>
    private static int TryMergeWithLefts(List<YStruct> structs, int pos)
    {
        var right = structs[pos];
        var i = pos;
        for (; i > 0; i--)
        {
            var left = structs[i - 1];
            if (left.IsDeleted != right.IsDeleted || left.GetType() != right.GetType() || (long)left.Length + right.Length > int.MaxValue)
            {
                break;
            }

            if (left is Item leftItem)
            {
                var rightItem = (Item)right;
                if (!leftItem.TryMerge(rightItem))
                {
                    break;
                }

                if (rightItem.ParentSub is { } key && rightItem.Parent!.Map.GetValueOrDefault(key) == rightItem)
                {
                    rightItem.Parent.Map[key] = leftItem;
                }
            }
            else
            {
                left.Length += right.Length; // GC + GC
            }

            right = left;
        }

        var merged = pos - i;
        if (merged > 0)
        {
            structs.RemoveRange(pos + 1 - merged, merged);
        }

        return merged;
    }
}
