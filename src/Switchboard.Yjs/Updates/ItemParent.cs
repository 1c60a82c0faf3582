namespace Switchboard.Yjs.Updates;

/// <summary>
/// The parent written on the wire for an Item without origins: a root type's name, or the ID of the Item
/// whose content is the parent shared type.
/// </summary>
public readonly record struct ItemParent
{
    private ItemParent(string? rootName, Id item)
    {
        RootName = rootName;
        Item = item;
    }

    /// <summary>The root type's name (<c>doc.get(name)</c>), or null when the parent is an Item.</summary>
    public string? RootName { get; }

    /// <summary>The parent Item's ID (meaningful when <see cref="RootName"/> is null).</summary>
    public Id Item { get; }

    /// <summary>True for a root-type parent.</summary>
    public bool IsRoot => RootName is not null;

    /// <summary>A root-type parent.</summary>
    public static ItemParent Root(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new(name, default);
    }

    /// <summary>A parent that is the shared type inside the Item <paramref name="id"/>.</summary>
    public static ItemParent OfItem(Id id) => new(null, id);

    /// <inheritdoc />
    public override string ToString() => RootName ?? Item.ToString();
}
