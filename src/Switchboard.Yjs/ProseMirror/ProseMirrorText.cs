using System.Text;

namespace Switchboard.Yjs.ProseMirror;

/// <summary>
/// Renders a ProseMirror / TipTap document as plain text: text blocks separated by a blank line (as TipTap's
/// <c>getText()</c>), list items and table rows one per line, hard breaks as a newline.
/// </summary>
public static class ProseMirrorText
{
    /// <summary>Renders <paramref name="node"/> (usually the <c>doc</c>) as plain text.</summary>
    public static string Render(ProseMirrorNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        Block(node, sb, "\n\n");
        return sb.ToString();
    }

    private static void Block(ProseMirrorNode node, StringBuilder sb, string separator)
    {
        if (IsTextBlock(node))
        {
            Inline(node, sb);
            return;
        }

        if (node.IsText || ProseMirrorNames.IsHardBreak(node.Type))
        {
            Inline(node, sb);
            return;
        }

        // Inside lists and tables one line per item reads better than paragraphs.
        var childSeparator = ProseMirrorNames.IsBulletList(node.Type) || ProseMirrorNames.IsOrderedList(node.Type)
            || ProseMirrorNames.IsTaskList(node.Type) || ProseMirrorNames.IsListItem(node.Type) || node.Type == "table"
            ? "\n"
            : ProseMirrorNames.IsTableRow(node.Type) ? "\t" : separator;
        var first = true;
        foreach (var child in node.Content)
        {
            if (!first)
            {
                sb.Append(childSeparator);
            }

            first = false;
            Block(child, sb, separator);
        }
    }

    private static bool IsTextBlock(ProseMirrorNode node) =>
        node.Content.Count > 0 && node.Content.All(c => c.IsText || ProseMirrorNames.IsHardBreak(c.Type) || c.Type is "image" or "mention" or "emoji");

    private static void Inline(ProseMirrorNode node, StringBuilder sb)
    {
        if (node.IsText)
        {
            sb.Append(node.Text);
        }
        else if (ProseMirrorNames.IsHardBreak(node.Type))
        {
            sb.Append('\n');
        }
        else if (node.Type is "mention")
        {
            sb.Append('@').Append(node.GetString("label") ?? node.GetString("id"));
        }
        else
        {
            foreach (var child in node.Content)
            {
                Inline(child, sb);
            }
        }
    }
}
