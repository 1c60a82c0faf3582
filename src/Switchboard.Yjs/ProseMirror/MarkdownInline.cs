using System.Text;

namespace Switchboard.Yjs.ProseMirror;

/// <summary>Inline content (text with marks, hard breaks, images) as Markdown; see <see cref="ProseMirrorMarkdown"/>.</summary>
internal sealed class MarkdownInline
{
    private readonly StringBuilder _sb = new();
    private readonly List<OpenMark> _open = [];

    private enum Kind
    {
        Link = 0,
        Bold = 1,
        Italic = 2,
        Strike = 3,
    }

    public static string Render(IReadOnlyList<ProseMirrorNode> nodes)
    {
        var r = new MarkdownInline();
        for (var i = 0; i < nodes.Count; i++)
        {
            r.Node(nodes[i], i + 1 < nodes.Count ? nodes[i + 1] : null);
        }

        r.CloseFrom(0);
        return r._sb.ToString();
    }

    public static int LongestRun(string text, char c)
    {
        int longest = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        return longest;
    }

    private static List<OpenMark> Wanted(ProseMirrorNode? node)
    {
        var wanted = new List<OpenMark>();
        if (node is null || !node.IsText)
        {
            return wanted;
        }

        foreach (var mark in node.Marks)
        {
            if (ProseMirrorNames.IsLink(mark.Type))
            {
                var href = mark.GetString("href");
                if (SafeUrl.IsSafe(href))
                {
                    wanted.Add(new OpenMark(Kind.Link, href!));
                }
            }
            else if (ProseMirrorNames.IsBold(mark.Type))
            {
                wanted.Add(new OpenMark(Kind.Bold, null));
            }
            else if (ProseMirrorNames.IsItalic(mark.Type))
            {
                wanted.Add(new OpenMark(Kind.Italic, null));
            }
            else if (ProseMirrorNames.IsStrike(mark.Type))
            {
                wanted.Add(new OpenMark(Kind.Strike, null));
            }
        }

        wanted.Sort((a, b) => a.Kind.CompareTo(b.Kind));
        return wanted;
    }

    private void Node(ProseMirrorNode node, ProseMirrorNode? next)
    {
        if (ProseMirrorNames.IsHardBreak(node.Type))
        {
            _sb.Append("\\\n");
            return;
        }

        if (node.Type == "image")
        {
            CloseFrom(0);
            var src = node.GetString("src");
            if (SafeUrl.IsSafe(src))
            {
                _sb.Append("![");
                Escape(node.GetString("alt") ?? string.Empty);
                _sb.Append("](").Append(EscapeUrl(src!)).Append(')');
            }

            return;
        }

        if (!node.IsText)
        {
            foreach (var child in node.Content)
            {
                Node(child, null);
            }

            return;
        }

        var text = node.Text!;
        var wanted = Wanted(node);
        CloseUnwanted(wanted);
        var core = text.Trim();
        if (core.Length == 0)
        {
            Escape(text);
            return;
        }

        var lead = text[..text.IndexOf(core[0], StringComparison.Ordinal)];
        var trail = text[(lead.Length + core.Length)..];
        Escape(lead);
        foreach (var m in wanted)
        {
            if (!_open.Contains(m))
            {
                _sb.Append(m.Kind switch { Kind.Link => "[", Kind.Bold => "**", Kind.Italic => "*", _ => "~~" });
                _open.Add(m);
            }
        }

        if (node.Marks.Any(m => ProseMirrorNames.IsCode(m.Type)))
        {
            var fence = new string('`', LongestRun(core, '`') + 1);
            var pad = core.StartsWith('`') || core.EndsWith('`') ? " " : string.Empty;
            _sb.Append(fence).Append(pad).Append(core).Append(pad).Append(fence);
        }
        else
        {
            Escape(core);
        }

        CloseUnwanted(Wanted(next));
        Escape(trail);
    }

    private void CloseUnwanted(List<OpenMark> wanted)
    {
        for (var i = 0; i < _open.Count; i++)
        {
            if (!wanted.Contains(_open[i]))
            {
                CloseFrom(i);
                return;
            }
        }
    }

    private void CloseFrom(int index)
    {
        for (var i = _open.Count - 1; i >= index; i--)
        {
            var m = _open[i];
            _sb.Append(m.Kind switch { Kind.Link => "](" + EscapeUrl(m.Href!) + ")", Kind.Bold => "**", Kind.Italic => "*", _ => "~~" });
            _open.RemoveAt(i);
        }
    }

    private void Escape(string text)
    {
        var markerAt = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var atLineStart = _sb.Length == 0 || _sb[^1] == '\n';
            if (atLineStart && char.IsAsciiDigit(c))
            {
                markerAt = OrderedMarkerEnd(text, i);
            }

            var escape = c is '\\' or '`' or '*' or '_' or '[' or ']' or '<' or '>' or '~' or '|'
                || (c == '&' && LooksLikeEntity(text, i + 1))
                || (atLineStart && c is '#' or '-' or '+' or '=')
                || i == markerAt;
            if (escape)
            {
                _sb.Append('\\');
            }

            _sb.Append(c);
        }
    }

    /// <summary>True when "&amp;" followed by text from <paramref name="i"/> would read as an entity such as <c>&amp;amp;</c>.</summary>
    private static bool LooksLikeEntity(string text, int i)
    {
        var j = i < text.Length && text[i] == '#' ? i + 1 : i;
        var start = j;
        while (j < text.Length && char.IsAsciiLetterOrDigit(text[j]))
        {
            j++;
        }

        return j > start && j < text.Length && text[j] == ';';
    }

    /// <summary>The index of the '.' or ')' that would make "12." at a line start an ordered-list marker, or -1.</summary>
    private static int OrderedMarkerEnd(string text, int i)
    {
        var j = i;
        while (j < text.Length && char.IsAsciiDigit(text[j]))
        {
            j++;
        }

        return j < text.Length && text[j] is '.' or ')' ? j : -1;
    }

    private static string EscapeUrl(string url)
    {
        var sb = new StringBuilder(url.Length);
        foreach (var c in url)
        {
            sb.Append(c switch
            {
                ' ' => "%20",
                '(' => "%28",
                ')' => "%29",
                '<' => "%3C",
                '>' => "%3E",
                '\n' => "%0A",
                '\r' => "%0D",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    private readonly record struct OpenMark(Kind Kind, string? Href);
}
