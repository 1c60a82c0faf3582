using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>Decodes a whole v1 update into structs and a delete set (yjs <c>decodeUpdate</c>); see <see cref="UpdateEncoder"/> for the layout.</summary>
public static class UpdateDecoder
{
    /// <summary>
    /// Decodes <paramref name="update"/>, checking every field; it must end exactly after the delete set.
    /// Malformed input throws <see cref="YjsFormatException"/>.
    /// </summary>
    public static DecodedUpdate Decode(ReadOnlyMemory<byte> update, YjsReadLimits? limits = null)
    {
        limits ??= YjsReadLimits.Default;
        limits.Validate();
        limits.CheckSize(update.Length, "Update");
        var groups = new List<ClientStructs>();
        List<UpdateStruct>? structs = null;
        var reader = new LazyStructReader(update, filterSkips: false, limits);
        for (; reader.HasCurrent; reader.Next())
        {
            if (reader.StartsGroup)
            {
                structs = [];
                groups.Add(new ClientStructs(reader.Current.Client, structs));
            }

            structs!.Add(Materialize(update.Span, reader.Current, limits.MaxNestingDepth)); // StartsGroup is true for the first struct.
        }

        var ds = new Lib0Reader(update.Span, reader.DeleteSetOffset);
        var deleteSet = DeleteSet.Read(ref ds);
        if (!ds.IsAtEnd)
        {
            throw new YjsFormatException($"Update has {ds.Remaining} trailing bytes after the delete set at offset {ds.Position}.");
        }

        return new DecodedUpdate(groups, deleteSet);
    }

    internal static UpdateStruct Materialize(ReadOnlySpan<byte> data, in RawStruct s, int maxDepth)
    {
        var id = new Id(s.Client, s.Clock);
        switch (s.Kind)
        {
            case StructKind.Gc:
                return new GcStruct(id, s.Length);
            case StructKind.Skip:
                return new SkipStruct(id, s.Length);
            default:
                break;
        }

        ItemParent? parent = null;
        string? parentSub = null;
        var reader = new Lib0Reader(data, s.ParentStart);
        if (!s.HasOrigin && !s.HasRightOrigin)
        {
            parent = reader.ReadVarUInt() == 1
                ? ItemParent.Root(reader.ReadVarString())
                : ItemParent.OfItem(new Id(reader.ReadVarUInt(), reader.ReadVarUInt()));
            if (s.HasParentSub)
            {
                parentSub = reader.ReadVarString();
            }
        }

        var content = ContentDecoder.Read(ref reader, s.ContentRef, maxDepth);
        return new ItemStruct(
            id,
            s.HasOrigin ? s.Origin : null,
            s.HasRightOrigin ? s.RightOrigin : null,
            parent,
            parentSub,
            (s.Info & 0x20) != 0,
            content);
    }
}
