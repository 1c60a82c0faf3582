using System.Globalization;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Server.Documents;

/// <summary>
/// A note stored with Markdown only (<c>data.content.md</c>, as notes made through the API are) turned into the
/// ProseMirror document Open WebUI's TipTap editor holds, so the server can seed it (CommonMark with GFM tables, task
/// lists and strikethrough, parsed by Markdig). Node and mark names are TipTap's, the editor's schema: paragraph,
/// heading, bulletList, orderedList, listItem, taskList, taskItem, blockquote, codeBlock, horizontalRule, hardBreak,
/// image, table/tableRow/tableHeader/tableCell; bold, italic, strike, code, link. Raw HTML stays text.
/// </summary>
internal static class MarkdownNote
{
    /// <summary>Deeper nesting than this (quotes in lists in quotes ...) is refused rather than followed.</summary>
    public const int MaxDepth = 64;

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseTaskLists()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .Build();

    /// <summary>The <c>doc</c> node of <paramref name="markdown"/>; <see cref="FormatException"/> when it nests too deeply.</summary>
    public static ProseMirrorNode ToDocument(string markdown)
    {
        var parsed = Markdown.Parse(markdown, Pipeline);
        var blocks = Blocks(parsed, 0);
        return new ProseMirrorNode("doc", content: blocks.Count == 0 ? [new ProseMirrorNode("paragraph")] : blocks);
    }

    private static List<ProseMirrorNode> Blocks(ContainerBlock container, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"the Markdown nests deeper than {MaxDepth} levels");
        }

        var nodes = new List<ProseMirrorNode>(container.Count);
        foreach (var block in container)
        {
            if (Block(block, depth + 1) is { } node)
            {
                nodes.Add(node);
            }
        }

        return nodes;
    }

    private static ProseMirrorNode? Block(Block block, int depth) => block switch
    {
        HeadingBlock h => new ProseMirrorNode("heading", NoteNodes.Attrs(("level", Math.Clamp(h.Level, 1, 6))), Inlines(h.Inline, depth)),
        ParagraphBlock p => new ProseMirrorNode("paragraph", content: Inlines(p.Inline, depth)),
        QuoteBlock q => new ProseMirrorNode("blockquote", content: NoteNodes.NonEmpty(Blocks(q, depth))),
        ListBlock list => List(list, depth),
        FencedCodeBlock or CodeBlock => Code((LeafBlock)block),
        ThematicBreakBlock => new ProseMirrorNode("horizontalRule"),
        Table table => Table(table, depth),
        HtmlBlock html => Text("paragraph", html),
        LinkReferenceDefinitionGroup => null,
        LeafBlock leaf => Text("paragraph", leaf),
        ContainerBlock other => Blocks(other, depth) is [var only] ? only : null,
        _ => null,
    };

    private static ProseMirrorNode List(ListBlock list, int depth)
    {
        var items = list.OfType<ListItemBlock>().ToList();
        var isTasks = items.Count > 0 && items.All(i => TaskOf(i) is not null);
        var children = new List<ProseMirrorNode>(items.Count);
        foreach (var item in items)
        {
            var content = NoteNodes.NonEmpty(Blocks(item, depth));
            children.Add(isTasks
                ? new ProseMirrorNode("taskItem", NoteNodes.Attrs(("checked", TaskOf(item)!.Checked)), content)
                : new ProseMirrorNode("listItem", content: content));
        }

        if (isTasks)
        {
            return new ProseMirrorNode("taskList", content: children);
        }

        if (!list.IsOrdered)
        {
            return new ProseMirrorNode("bulletList", content: children);
        }

        var start = int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 1;
        return new ProseMirrorNode("orderedList", NoteNodes.Attrs(("start", start)), children);
    }

    // GFM task items: the item's first paragraph starts with the [ ] / [x] inline.
    private static TaskList? TaskOf(ListItemBlock item) =>
        item.Count > 0 && item[0] is ParagraphBlock { Inline.FirstChild: TaskList task } ? task : null;

    private static ProseMirrorNode Code(LeafBlock block)
    {
        var text = string.Join("\n", block.Lines.Lines.Take(block.Lines.Count).Select(l => l.Slice.ToString()));
        var language = block is FencedCodeBlock { Info: { Length: > 0 } info } ? info : null;
        return new ProseMirrorNode("codeBlock", NoteNodes.Attrs(("language", language)), text.Length == 0 ? null : [new ProseMirrorNode("text", text: text)]);
    }

    private static ProseMirrorNode Table(Table table, int depth)
    {
        var rows = new List<ProseMirrorNode>();
        foreach (var row in table.OfType<TableRow>())
        {
            var cells = row.OfType<TableCell>()
                .Select(c => new ProseMirrorNode(row.IsHeader ? "tableHeader" : "tableCell", content: NoteNodes.NonEmpty(Blocks(c, depth))))
                .ToList();
            rows.Add(new ProseMirrorNode("tableRow", content: cells));
        }

        return new ProseMirrorNode("table", content: rows);
    }

    private static ProseMirrorNode Text(string type, LeafBlock block)
    {
        var text = string.Join("\n", block.Lines.Lines.Take(block.Lines.Count).Select(l => l.Slice.ToString()));
        return new ProseMirrorNode(type, content: text.Length == 0 ? null : [new ProseMirrorNode("text", text: text)]);
    }

    private static List<ProseMirrorNode> Inlines(ContainerInline? container, int depth)
    {
        var nodes = new List<ProseMirrorNode>();
        if (container is not null)
        {
            AddInlines(container, [], nodes, depth);
        }

        return NoteNodes.MergeText(nodes);
    }

    private static void AddInlines(ContainerInline container, List<ProseMirrorMark> marks, List<ProseMirrorNode> into, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"the Markdown nests deeper than {MaxDepth} levels");
        }

        var afterCheckbox = false;
        foreach (var inline in container)
        {
            switch (inline)
            {
                case TaskList:
                    afterCheckbox = true; // the item's checkbox, read by List; the space after it is not text
                    continue;
                case LiteralInline literal:
                    NoteNodes.AddText(afterCheckbox ? literal.Content.ToString().TrimStart() : literal.Content.ToString(), marks, into);
                    break;
                case CodeInline code:
                    NoteNodes.AddText(code.Content, [.. marks, new ProseMirrorMark("code", null)], into);
                    break;
                case LineBreakInline lineBreak:
                    if (lineBreak.IsHard)
                    {
                        into.Add(new ProseMirrorNode("hardBreak"));
                    }
                    else
                    {
                        NoteNodes.AddText(" ", marks, into);
                    }

                    break;
                case HtmlEntityInline entity:
                    NoteNodes.AddText(entity.Transcoded.ToString(), marks, into);
                    break;
                case HtmlInline html:
                    NoteNodes.AddText(html.Tag, marks, into);
                    break;
                case AutolinkInline autolink:
                    NoteNodes.AddText(autolink.Url, [.. marks, NoteNodes.Link(autolink.Url, null)], into);
                    break;
                case LinkInline { IsImage: true } image:
                    into.Add(new ProseMirrorNode("image", NoteNodes.Attrs(("src", image.Url ?? ""), ("alt", PlainText(image)), ("title", image.Title))));
                    break;
                case LinkInline link:
                    AddInlines(link, [.. marks, NoteNodes.Link(link.Url ?? "", link.Title)], into, depth + 1);
                    break;
                case EmphasisInline emphasis:
                    AddInlines(emphasis, [.. marks, new ProseMirrorMark(EmphasisMark(emphasis), null)], into, depth + 1);
                    break;
                case ContainerInline other:
                    AddInlines(other, marks, into, depth + 1);
                    break;
            }

            afterCheckbox = false;
        }
    }

    private static string EmphasisMark(EmphasisInline emphasis) => emphasis.DelimiterChar switch
    {
        '~' => "strike",
        _ when emphasis.DelimiterCount >= 2 => "bold",
        _ => "italic",
    };

    private static string PlainText(ContainerInline container) =>
        string.Concat(container.Descendants<LiteralInline>().Select(l => l.Content.ToString()));
}
