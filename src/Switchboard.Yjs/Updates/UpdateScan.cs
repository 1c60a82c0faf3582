using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// One checking pass over a whole v1 update: every struct and the delete set are validated, the update must end
/// exactly after the delete set, and the client groups are recorded with whether they are strictly descending
/// (the order yjs writes and the merge functions need).
/// </summary>
internal sealed class UpdateScan
{
    private UpdateScan(ReadOnlyMemory<byte> data)
    {
        Data = data;
    }

    public ReadOnlyMemory<byte> Data { get; }

    /// <summary>Header offset and client of every client group, in wire order.</summary>
    public List<(int Offset, ulong Client)> Groups { get; } = [];

    /// <summary>True when the client groups are strictly descending (each client once).</summary>
    public bool IsDescending { get; private set; } = true;

    public int DeleteSetOffset { get; private set; }

    public static UpdateScan Run(ReadOnlyMemory<byte> data, YjsReadLimits limits)
    {
        limits.CheckSize(data.Length, "Update");
        var scan = new UpdateScan(data);
        var reader = new LazyStructReader(data, filterSkips: false, limits);
        for (; reader.HasCurrent; reader.Next())
        {
            if (reader.StartsGroup)
            {
                var client = reader.Current.Client;
                if (scan.Groups.Count > 0 && scan.Groups[^1].Client <= client)
                {
                    scan.IsDescending = false;
                }

                scan.Groups.Add((reader.GroupOffset, client));
            }
        }

        scan.DeleteSetOffset = reader.DeleteSetOffset;
        var ds = new Lib0Reader(data.Span, scan.DeleteSetOffset);
        new DeleteSetBuilder().Read(ref ds);
        if (!ds.IsAtEnd)
        {
            throw new YjsFormatException($"Update has {ds.Remaining} trailing bytes after the delete set at offset {ds.Position}.");
        }

        return scan;
    }

    /// <summary>Readers over the struct section: one for a descending update, one per client group otherwise.</summary>
    public IEnumerable<LazyStructReader> OpenReaders(bool filterSkips, YjsReadLimits limits)
    {
        if (Groups.Count == 0)
        {
            yield break;
        }

        if (IsDescending)
        {
            yield return new LazyStructReader(Data, filterSkips, limits);
            yield break;
        }

        foreach (var (offset, _) in Groups)
        {
            yield return new LazyStructReader(Data, filterSkips, limits, offset, 1);
        }
    }

    public void ReadDeleteSet(DeleteSetBuilder builder)
    {
        var reader = new Lib0Reader(Data.Span, DeleteSetOffset);
        builder.Read(ref reader);
    }
}
