using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Document;

/// <summary>
/// An item of a shared type's list or map (yjs <c>Item</c>): content plus its YATA references. Before
/// integration the parent may still be an unresolved <see cref="ParentId"/>; after it, <see cref="Parent"/>.
/// </summary>
internal sealed partial class Item : YStruct
{
    public Item(ulong client, long clock, ItemId? origin, ItemId? rightOrigin, YType? parent, ItemId? parentId, string? parentSub, ItemContent content)
        : base(client, clock, content.Count)
    {
        Origin = origin;
        RightOrigin = rightOrigin;
        Parent = parent;
        ParentId = parentId;
        ParentSub = parentSub;
        Content = content;
    }

    public ItemId? Origin { get; set; }

    public ItemId? RightOrigin { get; set; }

    public Item? Left { get; set; }

    public Item? Right { get; set; }

    public YType? Parent { get; set; }

    /// <summary>The parent as an item id, until it is resolved during integration.</summary>
    public ItemId? ParentId { get; set; }

    /// <summary>The root name the parent was given by on the wire, until the root is looked up.</summary>
    public string? ParentRootName { get; set; }

    /// <summary>The map key, or null for list items.</summary>
    public string? ParentSub { get; set; }

    public ItemContent Content { get; set; }

    public bool Deleted { get; set; }

    public override bool IsDeleted => Deleted;

    public bool Countable => Content.IsCountable;

    /// <summary>The id of the last unit.</summary>
    public ItemId LastId => new(Client, Clock + Length - 1);

    /// <summary>
    /// Appends <paramref name="right"/> when it directly continues this item: same client, next clock, its
    /// origin is our last unit, the same right origin, adjacent in the list, same deleted state and
    /// mergeable content (yjs <c>Item.mergeWith</c>).
    /// </summary>
    public bool TryMerge(Item right)
    {
        if (right.Origin == LastId
            && Right == right
            && RightOrigin == right.RightOrigin
            && Client == right.Client
            && End == right.Clock
            && Deleted == right.Deleted
            && Content.GetType() == right.Content.GetType()
            && Content.TryMerge(right.Content))
        {
            Right = right.Right;
            if (Right is not null)
            {
                Right.Left = this;
            }

            Length += right.Length;
            return true;
        }

        return false;
    }

    /// <summary>
    /// Splits this item at <paramref name="diff"/> units and returns the right part, linked after it
    /// (yjs <c>splitItem</c>).
    /// </summary>
    public Item Split(Transaction transaction, int diff)
    {
        var right = new Item(Client, Clock + diff, new ItemId(Client, Clock + diff - 1), RightOrigin, Parent, null, ParentSub, Content.Splice(diff))
        {
            Left = this,
            Right = Right,
            Deleted = Deleted,
        };
        Right = right;
        right.Right?.Left = right;
        transaction.MergeStructs.Add(right);
        if (right.ParentSub is not null && right.Right is null)
        {
            Parent!.Map[right.ParentSub] = right; // A split item has been integrated, so its parent is known.
        }

        Length = diff;
        return right;
    }
}
