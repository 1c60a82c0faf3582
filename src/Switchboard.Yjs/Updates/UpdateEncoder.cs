using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>Encodes a <see cref="DecodedUpdate"/> as a v1 update (the inverse of <see cref="UpdateDecoder.Decode"/>).</summary>
public static class UpdateEncoder
{
    // update        := varUint(nGroups) group{nGroups} deleteSet
    // group         := varUint(nStructs) varUint(client) varUint(firstClock) struct{nStructs}
    // struct        := GC:   uint8(0)  varUint(length)
    //                | Skip: uint8(10) varUint(length)
    //                | Item: uint8(info) [origin: varUint client, varUint clock   if info & 0x80]
    //                                    [rightOrigin: same                      if info & 0x40]
    //                                    [only if neither origin: varUint(parentInfo) then
    //                                       1 → varString(root name) | 0 → varUint client, varUint clock,
    //                                       then varString(parentSub) if info & 0x20]
    //                                    content (layout per content type; ref = info & 0x1F)
    // deleteSet     := see DeleteSet.Write

    /// <summary>Encodes <paramref name="update"/> (see the layout comment).</summary>
    public static byte[] Encode(DecodedUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var writer = new Lib0Writer();
        writer.WriteVarUInt((ulong)update.Groups.Count);
        foreach (var group in update.Groups)
        {
            if (group.Structs.Count == 0)
            {
                throw new ArgumentException($"Client group {group.Client} has no structs.", nameof(update));
            }

            writer.WriteVarUInt((ulong)group.Structs.Count);
            writer.WriteVarUInt(group.Client);
            writer.WriteVarUInt(group.FirstClock);
            var clock = group.FirstClock;
            foreach (var s in group.Structs)
            {
                if (s.Id.Client != group.Client || s.Id.Clock != clock)
                {
                    throw new ArgumentException($"Struct {s.Id} does not continue client group {group.Client} at clock {clock}.", nameof(update));
                }

                WriteStruct(writer, s);
                clock = s.EndClock;
            }
        }

        update.DeleteSet.Write(writer);
        return writer.ToArray();
    }

    /// <summary>Writes one struct body (info byte onwards) with no offset.</summary>
    public static void WriteStruct(Lib0Writer writer, UpdateStruct s)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (s)
        {
            case GcStruct gc:
                writer.WriteByte((byte)StructKind.Gc);
                writer.WriteVarUInt(gc.Length);
                break;
            case SkipStruct skip:
                writer.WriteByte((byte)StructKind.Skip);
                writer.WriteVarUInt(skip.Length);
                break;
            case ItemStruct item:
                WriteItem(writer, item);
                break;
            default:
                throw new ArgumentException($"Unknown struct type {s?.GetType().Name}.", nameof(s));
        }
    }

    private static void WriteItem(Lib0Writer writer, ItemStruct item)
    {
        writer.WriteByte(item.Info);
        if (item.Origin is { } origin)
        {
            writer.WriteVarUInt(origin.Client);
            writer.WriteVarUInt(origin.Clock);
        }

        if (item.RightOrigin is { } rightOrigin)
        {
            writer.WriteVarUInt(rightOrigin.Client);
            writer.WriteVarUInt(rightOrigin.Clock);
        }

        if (item.Origin is null && item.RightOrigin is null)
        {
            var parent = item.Parent ?? throw new ArgumentException($"Item {item.Id} has no origin and no parent.", nameof(item));
            if (parent.RootName is { } name)
            {
                writer.WriteVarUInt(1);
                writer.WriteVarString(name);
            }
            else
            {
                writer.WriteVarUInt(0);
                writer.WriteVarUInt(parent.Item.Client);
                writer.WriteVarUInt(parent.Item.Clock);
            }

            if (item.ParentSub is { } key)
            {
                writer.WriteVarString(key);
            }
        }

        item.Content.Write(writer, 0);
    }
}
