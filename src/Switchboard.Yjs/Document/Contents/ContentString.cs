using System.Text;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document.Contents;

/// <summary>
/// Text; the length is in UTF-16 code units. A <see cref="StringBuilder"/> so that merging a run of typed
/// characters appends instead of copying the whole string each time.
/// </summary>
internal sealed class ContentString : ItemContent
{
    private readonly StringBuilder _text;

    public ContentString(string text) => _text = new StringBuilder(text);

    private ContentString(StringBuilder text) => _text = text;

    public override ContentRef Ref => ContentRef.String;

    public override int Length => _text.Length;

    public StringBuilder Text => _text;

    public override ItemContent Splice(int offset)
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

        return new ContentString(right);
    }

    public override bool TryMerge(ItemContent right)
    {
        _text.Append(((ContentString)right)._text);
        return true;
    }

    // varString(text from offset)
    public override void Write(Lib0Writer writer, int offset) => writer.WriteVarString(_text.ToString(offset, _text.Length - offset));

    public override string ToString() => _text.ToString();
}
