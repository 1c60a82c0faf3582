using System.Text;

namespace Switchboard.Yjs.ProseMirror;

/// <summary>
/// Renders a ProseMirror / TipTap document as sanitized HTML for note persistence. Only a fixed set of elements
/// and attributes is produced; all text and attribute values are escaped; link and image addresses pass
/// <see cref="SafeUrl"/> (an unsafe link renders as its text only, an unsafe image is dropped); unknown nodes
/// render their children without a tag and unknown marks are ignored. Nothing from the document is ever
/// written as markup, so hostile content such as <c>&lt;script&gt;</c> text or a <c>javascript:</c> link cannot
/// inject anything.
/// </summary>
public static class ProseMirrorHtml
{
    /// <summary>Renders <paramref name="node"/> (usually the <c>doc</c>) as HTML.</summary>
    public static string Render(ProseMirrorNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        Node(node, sb);
        return sb.ToString();
    }

    private static void Node(ProseMirrorNode node, StringBuilder sb)
    {
        var t = node.Type;
        if (node.IsText)
        {
            Text(node, sb);
        }
        else if (t == "doc")
        {
            Children(node, sb);
        }
        else if (t == "paragraph")
        {
            Wrap("p", node, sb);
        }
        else if (t == "heading")
        {
            Wrap("h" + ProseMirrorNames.HeadingLevel(node), node, sb);
        }
        else if (t == "blockquote")
        {
            Wrap("blockquote", node, sb);
        }
        else if (ProseMirrorNames.IsBulletList(t))
        {
            Wrap("ul", node, sb);
        }
        else if (ProseMirrorNames.IsTaskList(t))
        {
            sb.Append("<ul data-type=\"taskList\">");
            Children(node, sb);
            sb.Append("</ul>");
        }
        else if (ProseMirrorNames.IsOrderedList(t))
        {
            var start = ProseMirrorNames.ListStart(node);
            sb.Append(start == 1 ? "<ol>" : $"<ol start=\"{start}\">");
            Children(node, sb);
            sb.Append("</ol>");
        }
        else if (ProseMirrorNames.IsTaskItem(t))
        {
            var done = node.GetBoolean("checked") == true;
            sb.Append(done ? "<li data-checked=\"true\"><input type=\"checkbox\" checked disabled> " : "<li data-checked=\"false\"><input type=\"checkbox\" disabled> ");
            Children(node, sb);
            sb.Append("</li>");
        }
        else if (ProseMirrorNames.IsListItem(t))
        {
            Wrap("li", node, sb);
        }
        else if (ProseMirrorNames.IsCodeBlock(t))
        {
            var language = ProseMirrorNames.CodeLanguage(node);
            sb.Append("<pre><code");
            if (!string.IsNullOrEmpty(language) && language.All(IsLanguageChar))
            {
                sb.Append(" class=\"language-").Append(language).Append('"');
            }

            sb.Append('>');
            foreach (var child in node.Content)
            {
                // Marks inside code blocks are not rendered.
                AppendEscaped(sb, child.Text ?? (ProseMirrorNames.IsHardBreak(child.Type) ? "\n" : string.Empty));
            }

            sb.Append("</code></pre>");
        }
        else if (ProseMirrorNames.IsHorizontalRule(t))
        {
            sb.Append("<hr>");
        }
        else if (ProseMirrorNames.IsHardBreak(t))
        {
            sb.Append("<br>");
        }
        else if (t == "image")
        {
            Image(node, sb);
        }
        else if (t == "table")
        {
            sb.Append("<table><tbody>");
            Children(node, sb);
            sb.Append("</tbody></table>");
        }
        else if (ProseMirrorNames.IsTableRow(t))
        {
            Wrap("tr", node, sb);
        }
        else if (ProseMirrorNames.IsTableCell(t))
        {
            var tag = ProseMirrorNames.IsTableHeader(t) ? "th" : "td";
            sb.Append('<').Append(tag);
            AppendSpan(sb, "colspan", node.GetInteger("colspan"));
            AppendSpan(sb, "rowspan", node.GetInteger("rowspan"));
            sb.Append('>');
            Children(node, sb);
            sb.Append("</").Append(tag).Append('>');
        }
        else
        {
            Children(node, sb);
        }
    }

    private static void AppendSpan(StringBuilder sb, string name, long? value)
    {
        if (value is > 1 and < 1000)
        {
            sb.Append(' ').Append(name).Append("=\"").Append(value.Value).Append('"');
        }
    }

    private static bool IsLanguageChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '+' or '#' or '.';

    private static void Wrap(string tag, ProseMirrorNode node, StringBuilder sb)
    {
        sb.Append('<').Append(tag).Append('>');
        Children(node, sb);
        sb.Append("</").Append(tag).Append('>');
    }

    private static void Children(ProseMirrorNode node, StringBuilder sb)
    {
        foreach (var child in node.Content)
        {
            Node(child, sb);
        }
    }

    private static void Image(ProseMirrorNode node, StringBuilder sb)
    {
        var src = node.GetString("src");
        if (!SafeUrl.IsSafe(src))
        {
            return;
        }

        sb.Append("<img src=\"");
        AppendEscaped(sb, src!);
        sb.Append('"');
        foreach (var name in (string[])["alt", "title"])
        {
            var value = node.GetString(name);
            if (value is not null)
            {
                sb.Append(' ').Append(name).Append("=\"");
                AppendEscaped(sb, value);
                sb.Append('"');
            }
        }

        sb.Append('>');
    }

    private static void Text(ProseMirrorNode node, StringBuilder sb)
    {
        var closers = new Stack<string>();
        foreach (var mark in node.Marks)
        {
            var m = mark.Type;
            string? tag = ProseMirrorNames.IsBold(m) ? "strong"
                : ProseMirrorNames.IsItalic(m) ? "em"
                : ProseMirrorNames.IsStrike(m) ? "s"
                : ProseMirrorNames.IsUnderline(m) ? "u"
                : ProseMirrorNames.IsCode(m) ? "code"
                : m is "subscript" ? "sub"
                : m is "superscript" ? "sup"
                : m is "highlight" ? "mark"
                : null;
            if (tag is not null)
            {
                sb.Append('<').Append(tag).Append('>');
                closers.Push(tag);
            }
            else if (ProseMirrorNames.IsLink(m))
            {
                var href = mark.GetString("href");
                if (SafeUrl.IsSafe(href))
                {
                    sb.Append("<a href=\"");
                    AppendEscaped(sb, href!);
                    sb.Append("\" rel=\"noopener noreferrer nofollow\">");
                    closers.Push("a");
                }
            }
        }

        AppendEscaped(sb, node.Text!);
        while (closers.Count > 0)
        {
            sb.Append("</").Append(closers.Pop()).Append('>');
        }
    }

    /// <summary>Escapes text for both element content and double-quoted attribute values.</summary>
    internal static void AppendEscaped(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                case '\0': sb.Append('\uFFFD'); break;
                default: sb.Append(c); break;
            }
        }
    }
}
