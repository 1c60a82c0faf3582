using System.Text;

namespace Switchboard.Yjs.ProseMirror;

/// <summary>
/// Renders a ProseMirror / TipTap document as CommonMark (plus GFM strikethrough, task items and tables).
/// Text is backslash-escaped so that it never turns into markup (hostile <c>&lt;script&gt;</c> becomes
/// <c>\&lt;script\&gt;</c>); links with an unsafe address (see <see cref="SafeUrl"/>) render as plain text.
/// Marks spanning several text nodes are kept open across them and whitespace is moved outside emphasis,
/// as prosemirror-markdown does, so the output parses back to the same marks.
/// </summary>
public static class ProseMirrorMarkdown
{
    /// <summary>Renders <paramref name="node"/> (usually the <c>doc</c>) as Markdown.</summary>
    public static string Render(ProseMirrorNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Type == "doc" ? Blocks(node.Content, "\n\n") : Block(node);
    }

    private static string Blocks(IReadOnlyList<ProseMirrorNode> nodes, string separator)
    {
        var parts = new List<string>(nodes.Count);
        foreach (var n in nodes)
        {
            parts.Add(Block(n));
        }

        return string.Join(separator, parts);
    }

    private static string Block(ProseMirrorNode node)
    {
        var t = node.Type;
        if (t == "paragraph")
        {
            return MarkdownInline.Render(node.Content);
        }

        if (t == "heading")
        {
            return new string('#', ProseMirrorNames.HeadingLevel(node)) + " " + MarkdownInline.Render(node.Content);
        }

        if (t == "blockquote")
        {
            return Prefix(Blocks(node.Content, "\n\n"), "> ", "> ");
        }

        if (ProseMirrorNames.IsBulletList(t) || ProseMirrorNames.IsTaskList(t))
        {
            return List(node, _ => "- ");
        }

        if (ProseMirrorNames.IsOrderedList(t))
        {
            var start = ProseMirrorNames.ListStart(node);
            return List(node, i => $"{start + i}. ");
        }

        if (ProseMirrorNames.IsCodeBlock(t))
        {
            return CodeBlock(node);
        }

        if (ProseMirrorNames.IsHorizontalRule(t))
        {
            return "---";
        }

        if (t == "table")
        {
            return Table(node);
        }

        if (node.IsText || ProseMirrorNames.IsHardBreak(t) || t == "image" || node.Content.Any(c => c.IsText))
        {
            return MarkdownInline.Render(node.IsText || t == "image" ? [node] : node.Content);
        }

        return Blocks(node.Content, "\n\n");
    }

    private static string List(ProseMirrorNode list, Func<int, string> marker)
    {
        var items = new List<string>(list.Content.Count);
        for (var i = 0; i < list.Content.Count; i++)
        {
            var item = list.Content[i];
            var bullet = marker(i);
            if (ProseMirrorNames.IsTaskItem(item.Type))
            {
                bullet += item.GetBoolean("checked") == true ? "[x] " : "[ ] ";
            }

            // Paragraphs of one item are separated by a blank line, a nested list follows directly.
            var sb = new StringBuilder();
            for (var c = 0; c < item.Content.Count; c++)
            {
                var child = item.Content[c];
                if (c > 0)
                {
                    var isList = ProseMirrorNames.IsBulletList(child.Type) || ProseMirrorNames.IsOrderedList(child.Type) || ProseMirrorNames.IsTaskList(child.Type);
                    sb.Append(isList ? "\n" : "\n\n");
                }

                sb.Append(ProseMirrorNames.IsListItem(item.Type) ? Block(child) : Block(item));
                if (!ProseMirrorNames.IsListItem(item.Type))
                {
                    break;
                }
            }

            items.Add(Prefix(sb.ToString(), bullet, new string(' ', bullet.Length)));
        }

        return string.Join("\n", items);
    }

    private static string CodeBlock(ProseMirrorNode node)
    {
        var text = new StringBuilder();
        foreach (var child in node.Content)
        {
            text.Append(child.Text ?? (ProseMirrorNames.IsHardBreak(child.Type) ? "\n" : string.Empty));
        }

        var code = text.ToString();
        var fence = new string('`', Math.Max(3, MarkdownInline.LongestRun(code, '`') + 1));
        var language = ProseMirrorNames.CodeLanguage(node);
        if (language is not null && (language.Contains('`', StringComparison.Ordinal) || language.Any(char.IsWhiteSpace)))
        {
            language = null;
        }

        return fence + language + "\n" + code + "\n" + fence;
    }

    private static string Table(ProseMirrorNode table)
    {
        var sb = new StringBuilder();
        for (var r = 0; r < table.Content.Count; r++)
        {
            var row = table.Content[r];
            sb.Append('|');
            foreach (var cell in row.Content)
            {
                var text = Blocks(cell.Content, " ").Replace("\n", " ", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal);
                sb.Append(' ').Append(text).Append(" |");
            }

            if (r == 0)
            {
                sb.Append("\n|");
                for (var c = 0; c < row.Content.Count; c++)
                {
                    sb.Append(" --- |");
                }
            }

            if (r < table.Content.Count - 1)
            {
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    private static string Prefix(string text, string first, string rest)
    {
        var lines = text.Split('\n');
        var sb = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('\n');
            }

            var prefix = i == 0 ? first : rest;
            sb.Append(lines[i].Length == 0 ? prefix.TrimEnd() : prefix + lines[i]);
        }

        return sb.ToString();
    }
}
