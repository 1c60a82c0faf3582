using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>Text (ref 4, yjs <c>ContentString</c>; named so it does not clash with System.Net.Http.StringContent). Its length is the number of UTF-16 code units, as JavaScript's <c>str.length</c>.</summary>
/// <param name="Value">The text.</param>
public sealed record TextContent(string Value) : ItemContent
{
    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.String;

    /// <inheritdoc />
    public override ulong Length => (ulong)Value.Length;

    /// <inheritdoc />
    public override bool IsSplittable => true;

    // Layout: varString(text from UTF-16 index offset). A lone surrogate left by the cut is written as U+FFFD,
    // as TextEncoder does.

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarString(offset == 0 ? Value : Value[(int)offset..]);
    }

    /// <summary>
    /// Splits at a UTF-16 index. As in yjs (issue 248), a cut inside a surrogate pair replaces the high half on the
    /// left and the low half on the right each with U+FFFD, keeping both lengths.
    /// </summary>
    public override (ItemContent Left, ItemContent Right) Split(ulong offset)
    {
        CheckSplit(offset);
        var at = (int)offset;
        var left = Value[..at];
        var right = Value[at..];
        if (char.IsHighSurrogate(left[^1]))
        {
            left = string.Concat(left.AsSpan(0, at - 1), "\uFFFD");
            right = string.Concat("\uFFFD", right.AsSpan(1));
        }

        return (new TextContent(left), new TextContent(right));
    }
}
