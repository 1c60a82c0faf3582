using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Document;

internal sealed partial class Item
{
    /// <summary>
    /// Returns the client whose structs this item needs but the store lacks, or null when everything is there;
    /// in that case resolves <see cref="Left"/>, <see cref="Right"/> and the parent (yjs <c>Item.getMissing</c>).
    /// An item next to a GC struct, or whose parent is GC or not a type, loses its parent and will be stored as GC.
    /// </summary>
    public ulong? GetMissing(Transaction transaction)
    {
        var store = transaction.Store;
        if (Origin is { } o && o.Client != Client && o.Clock >= store.GetState(o.Client))
        {
            return o.Client;
        }

        if (RightOrigin is { } ro && ro.Client != Client && ro.Clock >= store.GetState(ro.Client))
        {
            return ro.Client;
        }

        if (ParentId is { } p && p.Client != Client && p.Clock >= store.GetState(p.Client))
        {
            return p.Client;
        }

        YStruct? left = null, right = null;
        if (Origin is { } origin)
        {
            left = store.GetCleanEnd(transaction, origin);
            Origin = new ItemId(left.Client, left.End - 1);
        }

        if (RightOrigin is { } rightOrigin)
        {
            right = store.GetCleanStart(transaction, rightOrigin);
            RightOrigin = right.Id;
        }

        Left = left as Item;
        Right = right as Item;
        if (left is GcStruct || right is GcStruct)
        {
            Parent = null;
            ParentId = null;
            Orphan = true;
        }
        else if (Parent is null && ParentId is null)
        {
            var neighbour = Left ?? Right;
            Parent = neighbour?.Parent;
            ParentSub = neighbour?.ParentSub;
        }
        else if (ParentId is { } parentId)
        {
            Parent = store.Find(parentId) is Item { Content: TypeContent type } ? type.Type : null;
            ParentId = null;
        }

        return null;
    }

    [ThreadStatic]
    private static HashSet<YStruct>? t_conflicting;

    [ThreadStatic]
    private static HashSet<YStruct>? t_beforeOrigin;

    /// <summary>True when integration found that this item can only be stored as GC.</summary>
    public bool Orphan { get; private set; }

    /// <summary>
    /// Places the item (from unit <paramref name="offset"/>) into its parent's list or map with YATA's
    /// conflict resolution and adds it to the store (yjs <c>Item.integrate</c>, spec §7.4). Returns the struct
    /// that was stored: this item, or a GC struct when it has no parent.
    /// </summary>
    public YStruct Integrate(Transaction transaction, int offset)
    {
        var store = transaction.Store;
        if (offset > 0)
        {
            Clock += offset;
            var leftStruct = store.GetCleanEnd(transaction, new ItemId(Client, Clock - 1));
            Origin = new ItemId(Client, leftStruct.End - 1);
            Left = leftStruct as Item;
            if (leftStruct is GcStruct)
            {
                Parent = null;
            }

            Content = Content.Splice(offset);
            Length -= offset;
        }

        var parent = Parent;
        if (parent is null || Orphan)
        {
            var gc = new GcStruct(Client, Clock, Length);
            transaction.AddStruct(gc);
            return gc;
        }

        // Refused before anything is linked, so the document stays consistent.
        if (Content is TypeContent && parent.Depth + 1 > transaction.MaxTypeDepth)
        {
            throw new YjsFormatException($"Item ({Client},{Clock}) nests shared types deeper than {transaction.MaxTypeDepth}.");
        }

        if ((Left is null && (Right is null || Right.Left is not null)) || (Left is not null && Left.Right != Right))
        {
            ResolveConflicts(store, parent);
        }

        // Link into the list and update the parent's start or map entry.
        if (Left is not null)
        {
            Right = Left.Right;
            Left.Right = this;
        }
        else
        {
            Item? r;
            if (ParentSub is not null)
            {
                r = parent.Map.GetValueOrDefault(ParentSub);
                while (r?.Left is not null)
                {
                    r = r.Left;
                }
            }
            else
            {
                r = parent.Start;
                parent.Start = this;
            }

            Right = r;
        }

        if (Right is not null)
        {
            Right.Left = this;
        }
        else if (ParentSub is not null)
        {
            // Now the rightmost item of its key: the map's value. The previous value is overwritten.
            parent.Map[ParentSub] = this;
            Left?.Delete(transaction);
        }

        if (ParentSub is null && Countable && !Deleted)
        {
            parent.Length += Length;
        }

        transaction.AddStruct(this);
        if (Content is TypeContent type)
        {
            type.Type.Depth = parent.Depth + 1;
            type.Type.Item = this;
        }

        // Inserted into a deleted type, or left of the current value of its key: deleted at once.
        if ((parent.Item is not null && parent.Item.Deleted) || (ParentSub is not null && Right is not null))
        {
            Delete(transaction);
        }

        return this;
    }

    /// <summary>
    /// YATA: scans the items between the left and right neighbours the item was inserted between and picks its
    /// left neighbour. Same origin: the lower client id goes first; an item whose origin was scanned before
    /// belongs to an earlier insertion and is skipped over unless it conflicts.
    /// </summary>
    private void ResolveConflicts(StructStore store, YType parent)
    {
        var left = Left;
        Item? o;
        if (left is not null)
        {
            o = left.Right;
        }
        else if (ParentSub is not null)
        {
            o = parent.Map.GetValueOrDefault(ParentSub);
            while (o?.Left is not null)
            {
                o = o.Left;
            }
        }
        else
        {
            o = parent.Start;
        }

        // Reused sets: integration is never re-entered while a scan runs.
        var conflicting = t_conflicting ??= new HashSet<YStruct>(ReferenceEqualityComparer.Instance);
        var beforeOrigin = t_beforeOrigin ??= new HashSet<YStruct>(ReferenceEqualityComparer.Instance);
        conflicting.Clear();
        beforeOrigin.Clear();
        while (o is not null && o != Right)
        {
            beforeOrigin.Add(o);
            conflicting.Add(o);
            if (Origin == o.Origin)
            {
                if (o.Client < Client)
                {
                    left = o;
                    conflicting.Clear();
                }
                else if (RightOrigin == o.RightOrigin)
                {
                    break;
                }
            }
            else if (o.Origin is { } oOrigin && beforeOrigin.Contains(store.Find(oOrigin)))
            {
                if (!conflicting.Contains(store.Find(oOrigin)))
                {
                    left = o;
                    conflicting.Clear();
                }
            }
            else
            {
                break;
            }

            o = o.Right;
        }

        Left = left;
    }

    /// <summary>Marks the item deleted, and everything inside it when it holds a type (yjs <c>Item.delete</c>).</summary>
    public void Delete(Transaction transaction)
    {
        if (Deleted)
        {
            return;
        }

        if (Countable && ParentSub is null && Parent is not null)
        {
            Parent.Length -= Length;
        }

        Deleted = true;
        transaction.DeleteSet.Add(Client, Clock, Length);
        if (Content is TypeContent { Type: var type })
        {
            for (var item = type.Start; item is not null; item = item.Right)
            {
                if (!item.Deleted)
                {
                    item.Delete(transaction);
                }
                else if (item.Clock < transaction.Before(item.Client))
                {
                    transaction.MergeStructs.Add(item);
                }
            }

            if (type.HasMap)
            {
                foreach (var item in type.Map.Values)
                {
                    if (!item.Deleted)
                    {
                        item.Delete(transaction);
                    }
                    else if (item.Clock < transaction.Before(item.Client))
                    {
                        transaction.MergeStructs.Add(item);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Drops the content of a deleted item (yjs <c>Item.gc</c>): it becomes <see cref="DeletedContent"/>, or a GC
    /// struct when its parent is collected too; a type's children are collected with it.
    /// </summary>
    public void Collect(StructStore store, bool parentCollected)
    {
        if (Content is TypeContent { Type: var type })
        {
            for (var item = type.Start; item is not null; item = item.Right)
            {
                item.Collect(store, true);
            }

            type.Start = null;
            if (type.HasMap)
            {
                foreach (var entry in type.Map.Values)
                {
                    for (var item = entry; item is not null; item = item.Left)
                    {
                        item.Collect(store, true);
                    }
                }

                type.ClearMap();
            }
        }

        if (parentCollected)
        {
            store.Replace(this, new GcStruct(Client, Clock, Length));
        }
        else
        {
            Content = new DeletedContent((ulong)Length);
        }
    }
}
