using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

public static partial class YjsUpdates
{
    /// <summary>
    /// Merges updates into one (yjs <c>mergeUpdates</c>): structs deduplicated where inputs overlap, gaps filled
    /// with Skip structs, delete sets united. One input is returned unchanged (after validation, unless it needs
    /// normalizing); none gives the empty update <c>00 00</c>.
    /// </summary>
    public static byte[] Merge(IReadOnlyList<ReadOnlyMemory<byte>> updates, YjsReadLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(updates);
        limits ??= YjsReadLimits.Default;
        limits.Validate();
        if (updates.Count == 0)
        {
            return [.. EmptyUpdate];
        }

        var scans = new UpdateScan[updates.Count];
        for (var i = 0; i < scans.Length; i++)
        {
            try
            {
                scans[i] = UpdateScan.Run(updates[i], limits);
            }
            catch (YjsFormatException e) when (updates.Count > 1)
            {
                throw new YjsFormatException($"Update {i}: {e.Message}", e);
            }
        }

        if (scans.Length == 1 && scans[0].IsDescending)
        {
            return updates[0].ToArray();
        }

        return MergeScans(scans, limits);
    }

    /// <summary>
    /// The merge loop of yjs <c>mergeUpdatesV2</c> (spec 4.2); <see cref="MergeReaderOrder"/> picks the reader
    /// to take from exactly as yjs' sort does.
    /// </summary>
    private static byte[] MergeScans(IReadOnlyList<UpdateScan> scans, YjsReadLimits limits)
    {
        var readers = new List<LazyStructReader>();
        long totalLength = 0;
        foreach (var scan in scans)
        {
            totalLength += scan.Data.Length;
            readers.AddRange(scan.OpenReaders(filterSkips: true, limits));
        }

        var order = new MergeReaderOrder(readers);
        // The output is at most about the inputs' size; start there, but grow past 1 MiB only when needed.
        var writer = new LazyStructWriter((int)Math.Clamp(totalLength, 256, 1 << 20));
        Pending current = default;
        var hasCurrent = false;
        while (order.TryTakeFirst(out var reader))
        {
            var firstClient = reader.Current.Client;
            if (hasCurrent)
            {
                var iterated = false;

                // Skip what is already covered by `current`.
                while (reader.HasCurrent && reader.Current.EndClock <= current.End && reader.Current.Client >= current.Client)
                {
                    reader.Next();
                    iterated = true;
                }

                if (!reader.HasCurrent
                    || reader.Current.Client != firstClient
                    || (iterated && reader.Current.Clock > current.End))
                {
                    order.Return(reader);
                    continue;
                }

                var next = Pending.From(reader);
                if (firstClient != current.Client)
                {
                    current.WriteTo(writer);
                    current = next;
                    reader.Next();
                }
                else if (current.End < next.Clock)
                {
                    if (current.Kind == StructKind.Skip)
                    {
                        // Extend the Skip over the gap and the next struct (yjs does the same; unreachable in practice).
                        current.Length = next.End - current.Clock;
                    }
                    else
                    {
                        current.WriteTo(writer);
                        current = Pending.Skip(firstClient, current.End, next.Clock - current.End);
                    }
                }
                else
                {
                    var diff = current.End - next.Clock;
                    if (diff > 0)
                    {
                        if (current.Kind == StructKind.Skip)
                        {
                            // Prefer shortening the Skip: the other struct carries content.
                            current.Length -= diff;
                        }
                        else
                        {
                            next.Slice(diff);
                        }
                    }

                    if (!current.TryMerge(next))
                    {
                        current.WriteTo(writer);
                        current = next;
                        reader.Next();
                    }
                }
            }
            else
            {
                current = Pending.From(reader);
                hasCurrent = true;
                reader.Next();
            }

            // Fast path: take directly following structs of the same client from the same reader.
            while (reader.HasCurrent
                && reader.Current.Client == firstClient
                && reader.Current.Clock == current.End
                && reader.Current.Kind != StructKind.Skip)
            {
                current.WriteTo(writer);
                current = Pending.From(reader);
                reader.Next();
            }

            order.Return(reader);
        }

        if (hasCurrent)
        {
            current.WriteTo(writer);
        }

        var output = new Lib0Writer(writer.BodyLength + 64);
        writer.Finish(output);
        var deleteSet = new DeleteSetBuilder();
        foreach (var scan in scans)
        {
            scan.ReadDeleteSet(deleteSet);
        }

        deleteSet.Write(output, sortAndMerge: true);
        return output.ToArray();
    }

    /// <summary>The struct being built by the merge (yjs <c>currWrite</c>); Items keep their source and offset.</summary>
    private struct Pending
    {
        public StructKind Kind;
        public ulong Client;
        public ulong Clock;
        public ulong Length;
        public LazyStructReader? Source;
        public RawStruct Raw;
        public ulong Offset;

        public readonly ulong End => Clock + Length;

        public static Pending From(LazyStructReader reader) => new()
        {
            Kind = reader.Current.Kind,
            Client = reader.Current.Client,
            Clock = reader.Current.Clock,
            Length = reader.Current.Length,
            Source = reader,
            Raw = reader.Current,
        };

        public static Pending Skip(ulong client, ulong clock, ulong length) =>
            new() { Kind = StructKind.Skip, Client = client, Clock = clock, Length = length };

        /// <summary>Drops the first <paramref name="diff"/> units (yjs <c>sliceStruct</c>).</summary>
        public void Slice(ulong diff)
        {
            Clock += diff;
            Length -= diff;
            Offset += diff;
        }

        /// <summary>
        /// yjs <c>mergeWith</c> on decoded structs: only GC+GC and Skip+Skip merge; an Item's check needs a
        /// document link to its right neighbour, which a decoded Item never has.
        /// </summary>
        public bool TryMerge(in Pending right)
        {
            if (Kind == StructKind.Item || Kind != right.Kind)
            {
                return false;
            }

            Length += right.Length;
            return true;
        }

        public readonly void WriteTo(LazyStructWriter writer)
        {
            switch (Kind)
            {
                case StructKind.Gc:
                    writer.WriteGc(Client, Clock, Length);
                    break;
                case StructKind.Skip:
                    writer.WriteSkip(Client, Clock, Length);
                    break;
                default:
                    writer.Write(Source!.Data.Span, Raw, Offset); // Items always come from a reader.
                    break;
            }
        }
    }
}
