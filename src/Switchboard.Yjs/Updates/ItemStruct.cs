namespace Switchboard.Yjs.Updates;

/// <summary>
/// A decoded Item: content plus the neighbours it was inserted between.
/// </summary>
/// <remarks>
/// As in yjs' decoder, <see cref="Parent"/> and <see cref="ParentSub"/> are only known when the Item has neither
/// origin (they are not on the wire otherwise; a document takes them from the neighbour).
/// <see cref="HasParentSubBit"/> records info bit 0x20 as read, so re-encoding gives the same bytes even for an
/// Item with an origin whose key is not on the wire.
/// </remarks>
/// <param name="Id">ID of the first unit.</param>
/// <param name="Origin">The left origin (last unit of the item immediately left at insertion), if any.</param>
/// <param name="RightOrigin">The right origin (the item immediately right at insertion), if any.</param>
/// <param name="Parent">The parent, when written (only if neither origin is present).</param>
/// <param name="ParentSub">The map key, when written (only if neither origin is present).</param>
/// <param name="HasParentSubBit">Info bit 0x20 (the Item belongs to a map key).</param>
/// <param name="Content">The content; its length is the Item's length.</param>
public sealed record ItemStruct(
    Id Id,
    Id? Origin,
    Id? RightOrigin,
    ItemParent? Parent,
    string? ParentSub,
    bool HasParentSubBit,
    ItemContent Content) : UpdateStruct(Id, Content.Length)
{
    /// <summary>The info byte this Item is written with.</summary>
    public byte Info => (byte)((byte)Content.Ref
        | (Origin is null ? 0 : 0x80)
        | (RightOrigin is null ? 0 : 0x40)
        | (HasParentSubBit || ParentSub is not null ? 0x20 : 0));
}
