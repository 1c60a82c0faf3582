using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

public static partial class YjsUpdates
{
    /// <summary>
    /// The part of <paramref name="update"/> that a peer with <paramref name="stateVector"/> lacks (yjs
    /// <c>diffUpdate</c>, spec 4.3): per client, structs from the peer's clock on (the first one cut with an offset),
    /// leading Skips dropped; the delete set is copied whole.
    /// </summary>
    public static byte[] Diff(ReadOnlyMemory<byte> update, ReadOnlySpan<byte> stateVector, YjsReadLimits? limits = null)
    {
        limits ??= YjsReadLimits.Default;
        limits.Validate();
        var state = StateVector.Decode(stateVector, limits);
        var scan = ScanNormalized(update, limits);
        var data = scan.Data.Span;
        var writer = new LazyStructWriter(Math.Clamp(data.Length, 256, 1 << 20));
        if (scan.Groups.Count > 0)
        {
            var reader = new LazyStructReader(scan.Data, filterSkips: false, limits);
            while (reader.HasCurrent)
            {
                var client = reader.Current.Client;
                var known = state.Get(client);
                if (reader.Current.Kind == StructKind.Skip)
                {
                    // The first written struct of a client must not be a Skip.
                    reader.Next();
                    continue;
                }

                if (reader.Current.EndClock > known)
                {
                    var offset = known > reader.Current.Clock ? known - reader.Current.Clock : 0;
                    writer.Write(data, reader.Current, offset);
                    reader.Next();
                    while (reader.HasCurrent && reader.Current.Client == client)
                    {
                        writer.Write(data, reader.Current, 0);
                        reader.Next();
                    }
                }
                else
                {
                    while (reader.HasCurrent && reader.Current.Client == client && reader.Current.EndClock <= known)
                    {
                        reader.Next();
                    }
                }
            }
        }

        var output = new Lib0Writer(writer.BodyLength + 64);
        writer.Finish(output);
        var deleteSet = new DeleteSetBuilder();
        scan.ReadDeleteSet(deleteSet);
        deleteSet.Write(output, sortAndMerge: false);
        return output.ToArray();
    }
}
