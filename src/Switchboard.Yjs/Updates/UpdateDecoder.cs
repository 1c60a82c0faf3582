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
        var data = update.Span;
        var cursor = StructReader.Start(data);
        var s = default(RawStruct);
        var parts = default(StructParts);
        while (StructReader.Next(data, ref cursor, ref s, ref parts, limits.MaxNestingDepth))
        {
            if (cursor.StartsGroup)
            {
                structs = [];
                groups.Add(new ClientStructs(s.Client, structs));
            }

            structs!.Add(Materialize(s, parts)); // StartsGroup is true for the first struct.
        }

        var ds = new Lib0Reader(data, cursor.Position);
        var deleteSet = DeleteSet.Read(ref ds);
        if (!ds.IsAtEnd)
        {
            throw new YjsFormatException($"Update has {ds.Remaining} trailing bytes after the delete set at offset {ds.Position}.");
        }

        return new DecodedUpdate(groups, deleteSet);
    }

    private static UpdateStruct Materialize(in RawStruct s, in StructParts parts)
    {
        var id = new Id(s.Client, s.Clock);
        return s.Kind switch
        {
            StructKind.Gc => new GcStruct(id, s.Length),
            StructKind.Skip => new SkipStruct(id, s.Length),
            _ => new ItemStruct(
                id,
                s.HasOrigin ? s.Origin : null,
                s.HasRightOrigin ? s.RightOrigin : null,
                s.HasParent ? (parts.ParentRoot is { } root ? ItemParent.Root(root) : ItemParent.OfItem(parts.ParentItem)) : null,
                parts.ParentSub,
                (s.Info & 0x20) != 0,
                parts.Content!), // Built for every Item.
        };
    }
}
