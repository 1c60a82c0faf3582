namespace Switchboard.Yjs.Updates;

/// <summary>What <see cref="StructReader"/> decodes for an Item when asked to build: its parent and content.</summary>
internal struct StructParts
{
    /// <summary>The root name of a parent section that names one (null when the parent is <see cref="ParentItem"/>).</summary>
    public string? ParentRoot;

    /// <summary>The parent Item of a parent section that does not name a root.</summary>
    public Id ParentItem;

    /// <summary>The map key of a parent section with bit 0x20.</summary>
    public string? ParentSub;

    /// <summary>The content of an Item (null for GC and Skip).</summary>
    public ItemContent? Content;
}
