namespace Switchboard.Yjs.Updates;

public static partial class YjsUpdates
{
    /// <summary>
    /// The clock range each client's structs cover in <paramref name="update"/> (yjs <c>parseUpdateMeta</c>);
    /// Skips count as covered, as in yjs.
    /// </summary>
    public static UpdateMeta ParseUpdateMeta(ReadOnlyMemory<byte> update, YjsReadLimits? limits = null)
    {
        limits ??= YjsReadLimits.Default;
        limits.Validate();
        var scan = ScanNormalized(update, limits);
        var from = new Dictionary<ulong, ulong>();
        var to = new Dictionary<ulong, ulong>();
        var reader = new LazyStructReader(scan.Data, filterSkips: false, limits);
        if (!reader.HasCurrent)
        {
            return new UpdateMeta(from, to);
        }

        var client = reader.Current.Client;
        var clock = reader.Current.Clock;
        from[client] = clock;
        for (; reader.HasCurrent; reader.Next())
        {
            ref readonly var s = ref reader.Current;
            if (s.Client != client)
            {
                to[client] = clock;
                from[s.Client] = s.Clock;
                client = s.Client;
            }

            clock = s.EndClock;
        }

        to[client] = clock;
        return new UpdateMeta(from, to);
    }
}
