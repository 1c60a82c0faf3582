using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document;

public sealed partial class YDoc
{
    private const byte GcInfo = 0;
    private const byte SkipInfo = 10;

    /// <summary>
    /// The whole document as one v1 update (yjs <c>Y.encodeStateAsUpdate(doc)</c>): per client (descending) its
    /// structs, then a delete set rebuilt from the store. Pending structs and deletions are included (after a
    /// Skip over the gap), so nothing received is lost. An empty document encodes to <c>00 00</c>.
    /// </summary>
    public byte[] EncodeStateAsUpdate() => EncodeStateAsUpdate([]);

    /// <summary>
    /// The part of the document missing from <paramref name="encodedStateVector"/> (a v1 state vector; empty means
    /// the whole document), as yjs <c>Y.encodeStateAsUpdate(doc, sv)</c>. The delete set is always complete.
    /// </summary>
    public byte[] EncodeStateAsUpdate(ReadOnlySpan<byte> encodedStateVector)
    {
        var sv = encodedStateVector.IsEmpty ? [] : DecodeStateVector(encodedStateVector);
        var writer = new Lib0Writer(1024);
        var clients = new SortedSet<ulong>(Comparer<ulong>.Create(static (a, b) => b.CompareTo(a)));
        foreach (var (client, structs) in _store.Clients)
        {
            if (structs.Count > 0 && structs[^1].End > sv.GetValueOrDefault(client))
            {
                clients.Add(client);
            }
        }

        if (_pendingStructs is not null)
        {
            foreach (var (client, structs) in _pendingStructs)
            {
                if (structs.Count > 0 && structs[^1].End > sv.GetValueOrDefault(client))
                {
                    clients.Add(client);
                }
            }
        }

        // client groups: varUint(n) then per group varUint(count) varUint(client) varUint(firstClock) struct*
        writer.WriteVarUInt((ulong)clients.Count);
        var group = new Lib0Writer(256);
        foreach (var client in clients)
        {
            group.Clear();
            var count = WriteClientStructs(group, client, sv.GetValueOrDefault(client), out var firstClock);
            writer.WriteVarUInt((ulong)count);
            writer.WriteVarUInt(client);
            writer.WriteVarUInt((ulong)firstClock);
            writer.WriteBytes(group.WrittenSpan);
        }

        WriteDeleteSet(writer, BuildDeleteSet());
        return writer.ToArray();
    }

    /// <summary>The document's state vector in v1 encoding (yjs <c>Y.encodeStateVector</c>), clients descending.</summary>
    public byte[] EncodeStateVector()
    {
        var sv = StateVector.OrderByDescending(static e => e.Key).ToList();
        var writer = new Lib0Writer(8 + (sv.Count * 8));
        writer.WriteVarUInt((ulong)sv.Count);
        foreach (var (client, clock) in sv)
        {
            writer.WriteVarUInt(client);
            writer.WriteVarUInt((ulong)clock);
        }

        return writer.ToArray();
    }

    private static Dictionary<ulong, long> DecodeStateVector(ReadOnlySpan<byte> encoded)
    {
        var reader = new Lib0Reader(encoded);
        var n = reader.ReadCount("state vector entry count", 2);
        var sv = new Dictionary<ulong, long>(n);
        for (var i = 0; i < n; i++)
        {
            var client = reader.ReadVarUInt("state vector client");
            sv[client] = (long)reader.ReadVarUInt("state vector clock");
        }

        if (!reader.IsAtEnd)
        {
            throw new YjsFormatException($"State vector has {reader.Remaining} trailing bytes at offset {reader.Position}.");
        }

        return sv;
    }

    // The store's structs from `from`, then any pending structs after a Skip over the gap.
    private int WriteClientStructs(Lib0Writer writer, ulong client, long from, out long firstClock)
    {
        var count = 0;
        long clock = -1;
        firstClock = from;
        if (_store.Clients.TryGetValue(client, out var structs) && structs.Count > 0 && structs[^1].End > from)
        {
            var start = StructStore.FindIndex(structs, Math.Max(from, structs[0].Clock));
            firstClock = Math.Max(from, structs[start].Clock);
            for (var i = start; i < structs.Count; i++)
            {
                WriteStruct(writer, structs[i], (int)(i == start ? firstClock - structs[i].Clock : 0));
                count++;
            }

            clock = structs[^1].End;
        }

        if (_pendingStructs is not null && _pendingStructs.TryGetValue(client, out var pending))
        {
            foreach (var s in pending)
            {
                var begin = Math.Max(s.Clock, Math.Max(clock, from));
                if (begin >= s.End)
                {
                    continue;
                }

                if (clock < 0)
                {
                    firstClock = begin;
                }
                else if (begin > clock)
                {
                    writer.WriteByte(SkipInfo);
                    writer.WriteVarUInt((ulong)(begin - clock));
                    count++;
                }

                WriteStruct(writer, s, (int)(begin - s.Clock));
                count++;
                clock = s.End;
            }
        }

        return count;
    }

    private static void WriteStruct(Lib0Writer writer, YStruct s, int offset)
    {
        if (s is Item item)
        {
            WriteItem(writer, item, offset);
        }
        else
        {
            // GC: info 0, varUint(length)
            writer.WriteByte(GcInfo);
            writer.WriteVarUInt((ulong)(s.Length - offset));
        }
    }

    // Item: info (content ref | 0x80 origin | 0x40 right origin | 0x20 parentSub), [origin id], [right origin id],
    // when neither origin is present: parent (1 + root name, or 0 + item id) and [parentSub]; then the content.
    private static void WriteItem(Lib0Writer writer, Item item, int offset)
    {
        ItemId? origin = offset > 0 ? new ItemId(item.Client, item.Clock + offset - 1) : item.Origin;
        var rightOrigin = item.RightOrigin;
        var info = (int)item.Content.Ref
            | (origin is null ? 0 : 0x80)
            | (rightOrigin is null ? 0 : 0x40)
            | (item.ParentSub is null ? 0 : 0x20);
        writer.WriteByte((byte)info);
        if (origin is { } o)
        {
            writer.WriteVarUInt(o.Client);
            writer.WriteVarUInt((ulong)o.Clock);
        }

        if (rightOrigin is { } ro)
        {
            writer.WriteVarUInt(ro.Client);
            writer.WriteVarUInt((ulong)ro.Clock);
        }

        if (origin is null && rightOrigin is null)
        {
            if (item.Parent is { } parent && parent.Item is null)
            {
                writer.WriteVarUInt(1);
                writer.WriteVarString(parent.RootName ?? string.Empty);
            }
            else if ((item.Parent?.Item?.Id ?? item.ParentId) is { } parentId)
            {
                writer.WriteVarUInt(0);
                writer.WriteVarUInt(parentId.Client);
                writer.WriteVarUInt((ulong)parentId.Clock);
            }
            else
            {
                writer.WriteVarUInt(1);
                writer.WriteVarString(item.ParentRootName ?? string.Empty);
            }

            if (item.ParentSub is not null)
            {
                writer.WriteVarString(item.ParentSub);
            }
        }

        item.Content.Write(writer, offset);
    }

    /// <summary>Every deleted clock of the store (deleted items and GC runs, coalesced) plus pending deletions.</summary>
    private DeleteSet BuildDeleteSet()
    {
        var deletes = new DeleteSet();
        foreach (var (client, structs) in _store.Clients)
        {
            for (var i = 0; i < structs.Count; i++)
            {
                if (!structs[i].IsDeleted)
                {
                    continue;
                }

                var clock = structs[i].Clock;
                long length = structs[i].Length;
                while (i + 1 < structs.Count && structs[i + 1].IsDeleted)
                {
                    length += structs[++i].Length;
                }

                deletes.Add(client, clock, length);
            }
        }

        if (_pendingDeletes is not null)
        {
            foreach (var (client, ranges) in _pendingDeletes.Clients)
            {
                foreach (var r in ranges)
                {
                    deletes.Add(client, r.Clock, r.Length);
                }
            }

            deletes.SortAndMerge();
        }

        return deletes;
    }

    // varUint(n clients) then per client (descending): varUint(client) varUint(n ranges) (varUint(clock) varUint(len))*
    private static void WriteDeleteSet(Lib0Writer writer, DeleteSet deletes)
    {
        var clients = deletes.Clients.Keys.ToList();
        clients.Sort(static (a, b) => b.CompareTo(a));
        writer.WriteVarUInt((ulong)clients.Count);
        foreach (var client in clients)
        {
            var ranges = deletes.Clients[client];
            writer.WriteVarUInt(client);
            writer.WriteVarUInt((ulong)ranges.Count);
            foreach (var r in ranges)
            {
                writer.WriteVarUInt((ulong)r.Clock);
                writer.WriteVarUInt((ulong)r.Length);
            }
        }
    }
}
