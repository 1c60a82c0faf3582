using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

public static partial class YjsUpdates
{
    /// <summary>
    /// The state vector an update proves (yjs <c>encodeStateVectorFromUpdate</c>, spec 4.4): per client the end of
    /// its structs counted from clock 0 up to the first Skip; a client not starting at clock 0 gets no entry.
    /// Entries are in update order (descending clients).
    /// </summary>
    public static byte[] EncodeStateVectorFromUpdate(ReadOnlyMemory<byte> update, YjsReadLimits? limits = null)
    {
        limits ??= YjsReadLimits.Default;
        limits.Validate();
        var scan = ScanNormalized(update, limits);
        var output = new Lib0Writer(64);
        if (scan.Groups.Count == 0)
        {
            output.WriteVarUInt(0);
            return output.ToArray();
        }

        var entries = new List<(ulong Client, ulong Clock)>();
        var reader = new LazyStructReader(scan.Data, filterSkips: false, limits);
        var client = reader.Current.Client;
        var stopCounting = reader.Current.Clock != 0;

        // As in yjs, the very first struct is counted before the Skip check, even when it is a Skip.
        var clock = stopCounting ? 0 : reader.Current.EndClock;
        for (; reader.HasCurrent; reader.Next())
        {
            ref readonly var s = ref reader.Current;
            if (client != s.Client)
            {
                if (clock != 0)
                {
                    entries.Add((client, clock));
                }

                client = s.Client;
                clock = 0;
                stopCounting = s.Clock != 0;
            }

            if (s.Kind == StructKind.Skip)
            {
                stopCounting = true;
            }

            if (!stopCounting)
            {
                clock = s.EndClock;
            }
        }

        if (clock != 0)
        {
            entries.Add((client, clock));
        }

        output.WriteVarUInt((ulong)entries.Count);
        foreach (var (c, k) in entries)
        {
            output.WriteVarUInt(c);
            output.WriteVarUInt(k);
        }

        return output.ToArray();
    }
}
