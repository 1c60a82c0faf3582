namespace Switchboard.Yjs.Updates;

/// <summary>
/// Reads the struct section of a v1 update one struct at a time (yjs <c>LazyStructReader</c>) with
/// <see cref="StructReader"/>, checking every field without building content. After the last struct,
/// <see cref="DeleteSetOffset"/> is where the delete set starts. It can be limited to a number of client groups
/// starting at a given offset, which is how a non-descending update is split into one reader per group.
/// </summary>
internal sealed class LazyStructReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private readonly bool _filterSkips;
    private readonly int _maxDepth;
    private StructCursor _cursor;

    /// <summary>Reads a whole update from its first byte.</summary>
    public LazyStructReader(ReadOnlyMemory<byte> data, bool filterSkips, YjsReadLimits limits)
        : this(data, filterSkips, limits, 0, null)
    {
    }

    /// <summary>
    /// Reads <paramref name="groups"/> client groups starting at <paramref name="position"/> (a group header),
    /// or the whole struct section when <paramref name="groups"/> is null and <paramref name="position"/> is 0.
    /// </summary>
    public LazyStructReader(ReadOnlyMemory<byte> data, bool filterSkips, YjsReadLimits limits, int position, ulong? groups)
    {
        _data = data;
        _filterSkips = filterSkips;
        _maxDepth = limits.MaxNestingDepth;
        _cursor = groups is { } count ? StructReader.StartGroups(position, count) : StructReader.Start(data.Span, position);
        Next();
    }

    /// <summary>The input being read.</summary>
    public ReadOnlyMemory<byte> Data => _data;

    /// <summary>The current struct (valid while <see cref="HasCurrent"/>).</summary>
    public RawStruct Current;

    /// <summary>False once the struct section is exhausted.</summary>
    public bool HasCurrent { get; private set; }

    /// <summary>Offset of the next client group header, or of the delete set once exhausted.</summary>
    public int DeleteSetOffset => _cursor.Position;

    /// <summary>True when the struct just read is the first of its client group.</summary>
    public bool StartsGroup => _cursor.StartsGroup;

    /// <summary>Offset of the current group's header.</summary>
    public int GroupOffset => _cursor.GroupOffset;

    /// <summary>Moves to the next struct (skipping Skips when filtering); false at the end.</summary>
    public bool Next()
    {
        while (StructReader.Next(_data.Span, ref _cursor, ref Current, _maxDepth))
        {
            if (_filterSkips && Current.Kind == StructKind.Skip)
            {
                continue;
            }

            HasCurrent = true;
            return true;
        }

        HasCurrent = false;
        return false;
    }
}
