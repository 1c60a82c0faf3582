using Switchboard.Server.Documents;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Server.Tests.Documents;

/// <summary>Markdown-only notes turned into TipTap's document (what the server seeds them with).</summary>
public sealed class MarkdownNoteTests
{
    [Theory]
    [InlineData("Hello", """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Hello"}]}]}""")]
    [InlineData("", """{"type":"doc","content":[{"type":"paragraph"}]}""")]
    [InlineData("## Title", """{"type":"doc","content":[{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Title"}]}]}""")]
    [InlineData("a **b** *c* ~~d~~ `e`",
        """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a "},{"type":"text","marks":[{"type":"bold"}],"text":"b"},{"type":"text","text":" "},{"type":"text","marks":[{"type":"italic"}],"text":"c"},{"type":"text","text":" "},{"type":"text","marks":[{"type":"strike"}],"text":"d"},{"type":"text","text":" "},{"type":"text","marks":[{"type":"code"}],"text":"e"}]}]}""")]
    [InlineData("[site](https://example.com \"t\")",
        """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","marks":[{"type":"link","attrs":{"href":"https://example.com","title":"t"}}],"text":"site"}]}]}""")]
    [InlineData("one\ntwo", """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"one two"}]}]}""")]
    [InlineData("one  \ntwo", """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"one"},{"type":"hardBreak"},{"type":"text","text":"two"}]}]}""")]
    [InlineData("- a\n- b", """{"type":"doc","content":[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]},{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]}]}""")]
    [InlineData("3. a", """{"type":"doc","content":[{"type":"orderedList","attrs":{"start":3},"content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]}]}]}""")]
    [InlineData("- [x] done\n- [ ] todo", """{"type":"doc","content":[{"type":"taskList","content":[{"type":"taskItem","attrs":{"checked":true},"content":[{"type":"paragraph","content":[{"type":"text","text":"done"}]}]},{"type":"taskItem","attrs":{"checked":false},"content":[{"type":"paragraph","content":[{"type":"text","text":"todo"}]}]}]}]}""")]
    [InlineData("> quoted", """{"type":"doc","content":[{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"quoted"}]}]}]}""")]
    [InlineData("```js\nlet a;\nlet b;\n```", """{"type":"doc","content":[{"type":"codeBlock","attrs":{"language":"js"},"content":[{"type":"text","text":"let a;\nlet b;"}]}]}""")]
    [InlineData("---", """{"type":"doc","content":[{"type":"horizontalRule"}]}""")]
    [InlineData("![alt](a.png)", """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"image","attrs":{"src":"a.png","alt":"alt","title":null}}]}]}""")]
    public void ToDocument_Markdown_TipTapNodes(string markdown, string expected)
    {
        Assert.Equal(expected, MarkdownNote.ToDocument(markdown).ToString());
    }

    [Fact]
    public void ToDocument_RawHtml_StaysText()
    {
        var doc = MarkdownNote.ToDocument("<script>x</script>");

        Assert.Equal("paragraph", Assert.Single(doc.Content).Type);
        Assert.Equal("<script>x</script>", Assert.Single(doc.Content[0].Content).Text);
    }

    [Fact]
    public void ToDocument_Table_HeaderAndCellsHoldParagraphs()
    {
        var doc = MarkdownNote.ToDocument("| a | b |\n| - | - |\n| 1 | 2 |");

        var table = Assert.Single(doc.Content);
        Assert.Equal("table", table.Type);
        Assert.Equal(["tableHeader", "tableHeader"], table.Content[0].Content.Select(c => c.Type));
        Assert.Equal(["tableCell", "tableCell"], table.Content[1].Content.Select(c => c.Type));
        Assert.Equal("2", table.Content[1].Content[1].Content[0].Content[0].Text);
    }

    [Fact]
    public void ToDocument_RenderedBack_SameMarkdown()
    {
        const string markdown = "# Plan\n\nSome **bold** and *italic* text with a [link](https://example.com).\n\n- one\n- two\n\n1. first\n2. second\n\n> a quote\n\n```\ncode\n```";

        var rendered = ProseMirrorMarkdown.Render(MarkdownNote.ToDocument(markdown));

        Assert.Equal(markdown, rendered);
    }

    [Fact]
    public void ToDocument_NestedTooDeeply_FormatException()
    {
        Assert.Throws<FormatException>(() => MarkdownNote.ToDocument(string.Concat(Enumerable.Repeat("> ", MarkdownNote.MaxDepth + 5)) + "deep"));
    }
}
