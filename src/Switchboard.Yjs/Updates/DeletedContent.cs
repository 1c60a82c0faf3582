using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>Content of a deleted, garbage-collected Item: only its length (ref 1).</summary>
/// <param name="deletedLength">Number of clock units.</param>
public sealed class DeletedContent(ulong deletedLength) : ItemContent
{
    /// <summary>Number of clock units.</summary>
    public ulong DeletedLength { get; private set; } = deletedLength;

    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.Deleted;

    /// <inheritdoc />
    public override ulong Length => DeletedLength;

    /// <inheritdoc />
    public override bool IsCountable => false;

    /// <inheritdoc />
    public override bool IsSplittable => true;

    // Layout: varUint(length - offset).

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarUInt(DeletedLength - offset);
    }

    /// <inheritdoc />
    public override (ItemContent Left, ItemContent Right) Split(ulong offset)
    {
        CheckSplit(offset);
        return (new DeletedContent(offset), new DeletedContent(DeletedLength - offset));
    }

    internal override ItemContent Splice(int offset)
    {
        var right = new DeletedContent(DeletedLength - (ulong)offset);
        DeletedLength = (ulong)offset;
        return right;
    }

    internal override bool TryMerge(ItemContent right)
    {
        DeletedLength += right.Length;
        return true;
    }
}
