using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// The content of an Item (yjs <c>AbstractContent</c>), one model for the codec (<see cref="UpdateDecoder"/>) and
/// the document (<see cref="Document.YDoc"/>): <see cref="DeletedContent"/>, <see cref="JsonContent"/>,
/// <see cref="BinaryContent"/>, <see cref="TextContent"/>, <see cref="EmbedContent"/>, <see cref="FormatContent"/>,
/// <see cref="TypeContent"/>, <see cref="AnyContent"/>, <see cref="DocContent"/>. Content is read only by
/// <see cref="ContentReader"/>, which checks it the way yjs does.
/// </summary>
/// <remarks>
/// Contents a document holds change as it integrates (a run of typed characters is merged into one Item, an Item
/// is split by a concurrent insert), through internal members; from outside, a content is read-only.
/// </remarks>
public abstract class ItemContent
{
    private protected ItemContent()
    {
    }

    /// <summary>The content ref (low 5 bits of the info byte).</summary>
    public abstract ContentRef Ref { get; }

    /// <summary>Number of clock units (UTF-16 code units for strings, elements for JSON/Any).</summary>
    public abstract ulong Length { get; }

    /// <summary>True when the content counts towards its parent's length (everything but Deleted and Format).</summary>
    public virtual bool IsCountable => true;

    /// <summary>True when the content can be split (Deleted, JSON, String, Any).</summary>
    public virtual bool IsSplittable => false;

    /// <summary>The length as the document keeps it (its reader refuses lengths over <see cref="int.MaxValue"/>).</summary>
    internal int Count => (int)Length;

    /// <summary>Writes the content section, dropping the first <paramref name="offset"/> units (yjs <c>content.write(encoder, offset)</c>).</summary>
    public abstract void Write(Lib0Writer writer, ulong offset);

    /// <summary>
    /// Splits at <paramref name="offset"/> (0 &lt; offset &lt; Length) into new left and right parts, as yjs' <c>splice</c>,
    /// leaving this content as it is.
    /// </summary>
    public virtual (ItemContent Left, ItemContent Right) Split(ulong offset) =>
        throw new InvalidOperationException($"{Ref} content cannot be split.");

    internal void Write(Lib0Writer writer, int offset) => Write(writer, (ulong)offset);

    /// <summary>Keeps units [0, offset) here and returns the rest (yjs <c>splice</c>); only for splittable kinds.</summary>
    internal virtual ItemContent Splice(int offset) =>
        throw new InvalidOperationException($"{Ref} content of length {Length} cannot be split.");

    /// <summary>Appends <paramref name="right"/> (same kind) when the kind is mergeable (yjs <c>mergeWith</c>).</summary>
    internal virtual bool TryMerge(ItemContent right) => false;

    /// <summary>Throws unless 0 &lt; offset &lt; Length.</summary>
    private protected void CheckSplit(ulong offset)
    {
        if (offset == 0 || offset >= Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Split offset must be inside the content (length {Length}).");
        }
    }

    /// <summary>Throws unless offset &lt; Length.</summary>
    private protected void CheckOffset(ulong offset)
    {
        if (offset >= Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Write offset must be below the content length {Length}.");
        }
    }
}
