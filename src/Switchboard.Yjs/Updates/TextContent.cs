using System.Text;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Updates;

/// <summary>
/// Text (ref 4, yjs <c>ContentString</c>; named so it does not clash with System.Net.Http.StringContent). Its length
/// is the number of UTF-16 code units, as JavaScript's <c>str.length</c>. Held in a <see cref="StringBuilder"/> so
/// that a document merging a run of typed characters appends instead of copying the whole string each time.
/// </summary>
public sealed class TextContent : ItemContent
{
    private readonly StringBuilder _text;

    /// <summary>Content of <paramref name="value"/>.</summary>
    public TextContent(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _text = new StringBuilder(value);
    }

    private TextContent(StringBuilder text) => _text = text;

    /// <summary>The text.</summary>
    public string Value => _text.ToString();

    /// <inheritdoc />
    public override ContentRef Ref => ContentRef.String;

    /// <inheritdoc />
    public override ulong Length => (ulong)_text.Length;

    /// <inheritdoc />
    public override bool IsSplittable => true;

    /// <summary>The text as the document reads and grows it.</summary>
    internal StringBuilder Text => _text;

    // Layout: varString(text from UTF-16 index offset). A lone surrogate left by the cut is written as U+FFFD,
    // as TextEncoder does.

    /// <inheritdoc />
    public override void Write(Lib0Writer writer, ulong offset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        CheckOffset(offset);
        writer.WriteVarString(_text.ToString((int)offset, _text.Length - (int)offset));
    }

    /// <summary>
    /// Splits at a UTF-16 index. As in yjs (issue 248), a cut inside a surrogate pair replaces the high half on the
    /// left and the low half on the right each with U+FFFD, keeping both lengths.
    /// </summary>
    public override (ItemContent Left, ItemContent Right) Split(ulong offset)
    {
        CheckSplit(offset);
        var left = new TextContent(new StringBuilder(_text.ToString()));
        var right = left.Splice((int)offset);
        return (left, right);
    }

    internal override ItemContent Splice(int offset)
    {
        var right = new StringBuilder(_text.Length - offset);
        right.Append(_text, offset, _text.Length - offset);
        _text.Length = offset;

        // Splitting inside a surrogate pair: yjs replaces both halves with U+FFFD (yjs-format.md §2.3).
        if (char.IsHighSurrogate(_text[offset - 1]))
        {
            _text[offset - 1] = '\uFFFD';
            right[0] = '\uFFFD';
        }

        return new TextContent(right);
    }

    internal override bool TryMerge(ItemContent right)
    {
        _text.Append(((TextContent)right)._text);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => _text.ToString();
}
