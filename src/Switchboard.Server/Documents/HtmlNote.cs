using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Server.Documents;

/// <summary>
/// A note stored with HTML only (<c>data.content.html</c>) turned into TipTap's document, as the editor's
/// <c>setContent(html)</c> would read it, so the server can seed it (parsed by AngleSharp, the HTML5 algorithm). The
/// elements TipTap's schema knows become its nodes and marks (see <see cref="MarkdownNote"/> for the names, and TipTap's
/// task lists: <c>ul[data-type=taskList]</c>, <c>li[data-checked]</c>); other elements give their content; scripts,
/// styles and templates give nothing.
/// </summary>
internal static class HtmlNote
{
    /// <summary>Deeper nesting than this is refused rather than followed.</summary>
    public const int MaxDepth = 64;

    private static readonly HtmlParser Parser = new();

    /// <summary>The <c>doc</c> node of <paramref name="html"/>; <see cref="FormatException"/> when it nests too deeply.</summary>
    public static ProseMirrorNode ToDocument(string html)
    {
        using var document = Parser.ParseDocument(html);
        var blocks = document.Body is { } body ? Blocks(body.ChildNodes, 0) : [];
        return new ProseMirrorNode("doc", content: blocks.Count == 0 ? [new ProseMirrorNode("paragraph")] : blocks);
    }

    // Block context: block elements map to blocks; runs of text and inline elements between them become paragraphs.
    private static List<ProseMirrorNode> Blocks(IEnumerable<INode> nodes, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"the HTML nests deeper than {MaxDepth} levels");
        }

        var blocks = new List<ProseMirrorNode>();
        var run = new List<ProseMirrorNode>();
        foreach (var node in nodes)
        {
            if (node is IElement element && IsBlock(element))
            {
                Flush(run, blocks);
                blocks.AddRange(Block(element, depth + 1));
            }
            else
            {
                Inline(node, [], run, depth + 1);
            }
        }

        Flush(run, blocks);
        return blocks;
    }

    private static void Flush(List<ProseMirrorNode> run, List<ProseMirrorNode> blocks)
    {
        var content = Trim(run);
        run.Clear();
        if (content.Count > 0)
        {
            blocks.Add(new ProseMirrorNode("paragraph", content: content));
        }
    }

    private static bool IsBlock(IElement e) => e.LocalName is "p" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "ul" or "ol" or "li"
        or "blockquote" or "pre" or "hr" or "table" or "div" or "section" or "article" or "main" or "header" or "footer" or "aside"
        or "nav" or "figure" or "details" or "dl" or "dt" or "dd" or "script" or "style" or "template" or "head" or "title" or "noscript";

    private static List<ProseMirrorNode> Block(IElement e, int depth)
    {
        switch (e.LocalName)
        {
            case "p":
                return [new ProseMirrorNode("paragraph", content: InlineContent(e, depth))];
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                return [new ProseMirrorNode("heading", NoteNodes.Attrs(("level", e.LocalName[1] - '0')), InlineContent(e, depth))];
            case "ul" or "ol":
                return [List(e, depth)];
            case "li":
                return [new ProseMirrorNode("listItem", content: NoteNodes.NonEmpty(Blocks(e.ChildNodes, depth)))];
            case "blockquote":
                return [new ProseMirrorNode("blockquote", content: NoteNodes.NonEmpty(Blocks(e.ChildNodes, depth)))];
            case "pre":
                return [Code(e)];
            case "hr":
                return [new ProseMirrorNode("horizontalRule")];
            case "table":
                return [Table(e, depth)];
            case "script" or "style" or "template" or "head" or "title" or "noscript":
                return [];
            default:
                return Blocks(e.ChildNodes, depth); // div, section, ...: their content
        }
    }

    private static ProseMirrorNode List(IElement list, int depth)
    {
        var items = list.Children.Where(c => c.LocalName == "li").ToList();
        var isTasks = list.GetAttribute("data-type") == "taskList";
        var children = new List<ProseMirrorNode>(items.Count);
        foreach (var item in items)
        {
            if (isTasks)
            {
                // TipTap writes <li data-checked><label><input type=checkbox><span></span></label><div>content</div></li>.
                var blocks = Blocks(item.ChildNodes.Where(n => n is not IElement { LocalName: "label" }), depth + 1);
                children.Add(new ProseMirrorNode("taskItem", NoteNodes.Attrs(("checked", item.GetAttribute("data-checked") == "true")), NoteNodes.NonEmpty(blocks)));
            }
            else
            {
                children.Add(new ProseMirrorNode("listItem", content: NoteNodes.NonEmpty(Blocks(item.ChildNodes, depth + 1))));
            }
        }

        if (isTasks)
        {
            return new ProseMirrorNode("taskList", content: children);
        }

        if (list.LocalName == "ul")
        {
            return new ProseMirrorNode("bulletList", content: children);
        }

        var start = int.TryParse(list.GetAttribute("start"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s) ? s : 1;
        return new ProseMirrorNode("orderedList", NoteNodes.Attrs(("start", start)), children);
    }

    private static ProseMirrorNode Code(IElement pre)
    {
        var code = pre.Children.FirstOrDefault(c => c.LocalName == "code");
        var language = code?.ClassList.FirstOrDefault(c => c.StartsWith("language-", StringComparison.Ordinal))?["language-".Length..];
        var text = (code ?? pre).TextContent.TrimEnd('\n');
        return new ProseMirrorNode("codeBlock", NoteNodes.Attrs(("language", language)), text.Length == 0 ? null : [new ProseMirrorNode("text", text: text)]);
    }

    private static ProseMirrorNode Table(IElement table, int depth)
    {
        var rows = new List<ProseMirrorNode>();
        foreach (var row in table.QuerySelectorAll("tr").Where(r => r.Closest("table") == table))
        {
            var cells = row.Children.Where(c => c.LocalName is "th" or "td")
                .Select(c => new ProseMirrorNode(c.LocalName == "th" ? "tableHeader" : "tableCell", content: NoteNodes.NonEmpty(Blocks(c.ChildNodes, depth + 1))))
                .ToList();
            rows.Add(new ProseMirrorNode("tableRow", content: cells));
        }

        return new ProseMirrorNode("table", content: rows);
    }

    private static List<ProseMirrorNode> InlineContent(IElement e, int depth)
    {
        var nodes = new List<ProseMirrorNode>();
        foreach (var child in e.ChildNodes)
        {
            Inline(child, [], nodes, depth + 1);
        }

        return Trim(nodes);
    }

    private static void Inline(INode node, List<ProseMirrorMark> marks, List<ProseMirrorNode> into, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"the HTML nests deeper than {MaxDepth} levels");
        }

        if (node is IText text)
        {
            NoteNodes.AddText(Collapse(text.Data), marks, into);
            return;
        }

        if (node is not IElement e)
        {
            return; // comments
        }

        switch (e.LocalName)
        {
            case "br":
                into.Add(new ProseMirrorNode("hardBreak"));
                return;
            case "img":
                into.Add(new ProseMirrorNode("image", NoteNodes.Attrs(("src", e.GetAttribute("src") ?? ""), ("alt", e.GetAttribute("alt")), ("title", e.GetAttribute("title")))));
                return;
            case "script" or "style" or "template":
                return;
        }

        var mark = e.LocalName switch
        {
            "strong" or "b" => new ProseMirrorMark("bold", null),
            "em" or "i" => new ProseMirrorMark("italic", null),
            "s" or "del" or "strike" => new ProseMirrorMark("strike", null),
            "u" => new ProseMirrorMark("underline", null),
            "code" => new ProseMirrorMark("code", null),
            "a" when e.GetAttribute("href") is { } href => NoteNodes.Link(href, e.GetAttribute("title")),
            _ => null,
        };
        List<ProseMirrorMark> inner = mark is null ? marks : [.. marks, mark];
        foreach (var child in e.ChildNodes)
        {
            Inline(child, inner, into, depth + 1);
        }
    }

    // HTML's white-space rule outside <pre>: every run of spaces, tabs and newlines is one space.
    private static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\n' or '\r' or '\f')
            {
                space = true;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        if (space)
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    // Merged runs, without the spaces a block starts or ends with (they are layout, not text).
    private static List<ProseMirrorNode> Trim(List<ProseMirrorNode> nodes)
    {
        var merged = NoteNodes.MergeText(nodes);
        if (merged.Count > 0 && merged[0] is { IsText: true } first)
        {
            merged[0] = new ProseMirrorNode("text", text: first.Text!.TrimStart(), marks: first.Marks.Count == 0 ? null : first.Marks);
        }

        if (merged.Count > 0 && merged[^1] is { IsText: true } last)
        {
            merged[^1] = new ProseMirrorNode("text", text: last.Text!.TrimEnd(), marks: last.Marks.Count == 0 ? null : last.Marks);
        }

        merged.RemoveAll(n => n.IsText && n.Text!.Length == 0);
        return merged;
    }
}
