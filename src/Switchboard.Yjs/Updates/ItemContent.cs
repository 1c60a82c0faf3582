using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// The decoded content of an Item (yjs <c>AbstractContent</c>). Subclasses carry the decoded values:
/// <see cref="DeletedContent"/>, <see cref="JsonContent"/>, <see cref="BinaryContent"/>, <see cref="TextContent"/>,
/// <see cref="EmbedContent"/>, <see cref="FormatContent"/>, <see cref="TypeContent"/>, <see cref="AnyContent"/>,
/// <see cref="DocContent"/>.
/// </summary>
public abstract record ItemContent
{
    /// <summary>The content ref (low 5 bits of the info byte).</summary>
    public abstract ContentRef Ref { get; }

    /// <summary>Number of clock units (UTF-16 code units for strings, elements for JSON/Any).</summary>
    public abstract ulong Length { get; }

    /// <summary>True when the content counts towards its parent's length (everything but Deleted and Format).</summary>
    public virtual bool IsCountable => true;

    /// <summary>True when the content can be split (Deleted, JSON, String, Any).</summary>
    public virtual bool IsSplittable => false;

    /// <summary>Writes the content section, dropping the first <paramref name="offset"/> units (yjs <c>content.write(encoder, offset)</c>).</summary>
    public abstract void Write(Lib0Writer writer, ulong offset);

    /// <summary>
    /// Splits at <paramref name="offset"/> (0 &lt; offset &lt; Length) into the left and right parts, as yjs' <c>splice</c>.
    /// </summary>
    public virtual (ItemContent Left, ItemContent Right) Split(ulong offset) =>
        throw new InvalidOperationException($"{Ref} content cannot be split.");

    /// <summary>Throws unless 0 &lt; offset &lt; Length.</summary>
    protected void CheckSplit(ulong offset)
    {
        if (offset == 0 || offset >= Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Split offset must be inside the content (length {Length}).");
        }
    }

    /// <summary>Throws unless offset &lt; Length.</summary>
    protected void CheckOffset(ulong offset)
    {
        if (offset >= Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, $"Write offset must be below the content length {Length}.");
        }
    }
}
