using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// The delete set at the end of an update: per client, ranges of deleted clocks. Decoded sets keep the wire order;
/// <see cref="Merge"/> builds the canonical form yjs writes (ranges sorted and coalesced, clients descending).
/// </summary>
public sealed class DeleteSet
{
    /// <summary>Creates a delete set from client entries (kept in the given order).</summary>
    public DeleteSet(IReadOnlyList<DeleteSetClient> clients)
    {
        ArgumentNullException.ThrowIfNull(clients);
        Clients = clients;
    }

    /// <summary>The empty delete set (written as <c>00</c>).</summary>
    public static DeleteSet Empty { get; } = new([]);

    /// <summary>The client entries in wire order.</summary>
    public IReadOnlyList<DeleteSetClient> Clients { get; }

    /// <summary>True when no range is listed.</summary>
    public bool IsEmpty => Clients.All(c => c.Ranges.Count == 0);

    /// <summary>True when <paramref name="id"/> lies in one of the ranges.</summary>
    public bool Contains(Id id)
    {
        foreach (var entry in Clients)
        {
            if (entry.Client != id.Client)
            {
                continue;
            }

            foreach (var range in entry.Ranges)
            {
                if (id.Clock >= range.Clock && id.Clock < range.End)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Merges delete sets as yjs <c>mergeDeleteSets</c>: per client the ranges of all sets (in order), sorted by
    /// clock and coalesced where they touch or overlap; clients with no range dropped; clients descending.
    /// </summary>
    public static DeleteSet Merge(IEnumerable<DeleteSet> sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        var builder = new DeleteSetBuilder();
        foreach (var set in sets)
        {
            foreach (var entry in set.Clients)
            {
                foreach (var range in entry.Ranges)
                {
                    builder.Add(entry.Client, range);
                }
            }
        }

        return builder.ToDeleteSet(sortAndMerge: true);
    }

    // Layout: varUint(nClients) ( varUint(client) varUint(nRanges) ( varUint(clock) varUint(len) ){nRanges} ){nClients}

    /// <summary>Writes the set in its current order (see the layout comment).</summary>
    public void Write(Lib0Writer writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteVarUInt((ulong)Clients.Count);
        foreach (var entry in Clients)
        {
            writer.WriteVarUInt(entry.Client);
            writer.WriteVarUInt((ulong)entry.Ranges.Count);
            foreach (var range in entry.Ranges)
            {
                writer.WriteVarUInt(range.Clock);
                writer.WriteVarUInt(range.Length);
            }
        }
    }

    /// <summary>Reads a delete set; see <see cref="Write"/> for the format. Empty ranges and ranges past 2^53−1 are rejected.</summary>
    public static DeleteSet Read(ref Lib0Reader reader)
    {
        var count = reader.ReadCount("delete set client count", 2);
        var clients = new DeleteSetClient[count];
        for (var i = 0; i < count; i++)
        {
            var client = reader.ReadVarUInt("delete set client");
            var rangeCount = reader.ReadCount("delete set range count", 2);
            var ranges = new DeleteRange[rangeCount];
            for (var j = 0; j < rangeCount; j++)
            {
                ranges[j] = ReadRange(ref reader, client);
            }

            clients[i] = new DeleteSetClient(client, ranges);
        }

        return new DeleteSet(clients);
    }

    internal static DeleteRange ReadRange(ref Lib0Reader reader, ulong client)
    {
        var offset = reader.Position;
        var clock = reader.ReadVarUInt("delete range clock");
        var length = reader.ReadVarUInt("delete range length");
        if (length > Lib0Reader.MaxSafeInteger - clock)
        {
            throw new YjsFormatException($"Delete range ({clock}, {length}) of client {client} at offset {offset} runs past clock 2^53-1.");
        }

        if (length == 0)
        {
            // yjs never writes one, and its document fails on one it cannot apply yet (the v2 encoder of its
            // pending delete set refuses a zero length).
            throw new YjsFormatException($"Delete range ({clock}, 0) of client {client} at offset {offset} has length 0.");
        }

        return new DeleteRange(clock, length);
    }
}
