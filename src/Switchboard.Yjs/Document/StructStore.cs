namespace Switchboard.Yjs.Document;

/// <summary>Per client, the integrated structs sorted by clock and contiguous from clock 0 (yjs <c>StructStore</c>).</summary>
internal sealed class StructStore
{
    public Dictionary<ulong, List<YStruct>> Clients { get; } = [];

    /// <summary>The next clock expected from <paramref name="client"/>.</summary>
    public long GetState(ulong client) =>
        Clients.TryGetValue(client, out var structs) && structs.Count > 0 ? structs[^1].End : 0;

    public void Add(YStruct s)
    {
        if (!Clients.TryGetValue(s.Client, out var structs))
        {
            structs = [];
            Clients[s.Client] = structs;
        }

        if (structs.Count > 0 && structs[^1].End != s.Clock)
        {
            throw new InvalidOperationException($"Struct ({s.Client},{s.Clock}) does not continue the store at {structs[^1].End}.");
        }

        structs.Add(s);
    }

    /// <summary>Index of the struct containing <paramref name="clock"/> (binary search with a first guess by proportion, as yjs <c>findIndexSS</c>).</summary>
    public static int FindIndex(List<YStruct> structs, long clock)
    {
        var left = 0;
        var right = structs.Count - 1;
        var mid = structs[right];
        if (mid.Clock == clock)
        {
            return right;
        }

        var midIndex = (int)(clock * (double)right / (mid.End - 1));
        midIndex = Math.Clamp(midIndex, 0, right);
        while (left <= right)
        {
            mid = structs[midIndex];
            if (mid.Clock <= clock)
            {
                if (clock < mid.End)
                {
                    return midIndex;
                }

                left = midIndex + 1;
            }
            else
            {
                right = midIndex - 1;
            }

            midIndex = (left + right) / 2;
        }

        throw new InvalidOperationException($"Clock {clock} is not in the store.");
    }

    /// <summary>The struct containing <paramref name="id"/>; the caller has checked the id is below the client's state.</summary>
    public YStruct Find(ItemId id)
    {
        var structs = Clients[id.Client];
        return structs[FindIndex(structs, id.Clock)];
    }

    /// <summary>The struct that starts exactly at <paramref name="id"/>, splitting an item if needed (yjs <c>getItemCleanStart</c>).</summary>
    public YStruct GetCleanStart(Transaction transaction, ItemId id)
    {
        var structs = Clients[id.Client];
        var index = FindIndex(structs, id.Clock);
        var s = structs[index];
        if (s.Clock < id.Clock && s is Item item)
        {
            var right = item.Split(transaction, (int)(id.Clock - s.Clock));
            structs.Insert(index + 1, right);
            return right;
        }

        return s;
    }

    /// <summary>The struct that ends exactly at <paramref name="id"/>, splitting an item if needed (yjs <c>getItemCleanEnd</c>).</summary>
    public YStruct GetCleanEnd(Transaction transaction, ItemId id)
    {
        var structs = Clients[id.Client];
        var index = FindIndex(structs, id.Clock);
        var s = structs[index];
        if (id.Clock != s.End - 1 && s is Item item)
        {
            structs.Insert(index + 1, item.Split(transaction, (int)(id.Clock - s.Clock + 1)));
        }

        return s;
    }

    public void Replace(YStruct old, YStruct replacement)
    {
        var structs = Clients[old.Client];
        structs[FindIndex(structs, old.Clock)] = replacement;
    }
}
