using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>The content of an item (yjs <c>AbstractContent</c>); see yjs-format.md §2.3 for each kind.</summary>
internal abstract class ItemContent
{
    public abstract ContentRef Ref { get; }

    /// <summary>Clock units the content occupies.</summary>
    public abstract int Length { get; }

    /// <summary>Whether the content counts towards the parent's length (and is visible when reading a list).</summary>
    public virtual bool Countable => true;

    /// <summary>Keeps units [0, offset) here and returns the rest; only for splittable kinds.</summary>
    public virtual ItemContent Splice(int offset) =>
        throw new InvalidOperationException($"{Ref} content of length {Length} cannot be split.");

    /// <summary>Appends <paramref name="right"/> (same kind) when the kind is mergeable.</summary>
    public virtual bool TryMerge(ItemContent right) => false;

    /// <summary>Writes the content from unit <paramref name="offset"/> (see yjs-format.md §2.3 for the layout).</summary>
    public abstract void Write(Lib0Writer writer, int offset);
}
