using Switchboard.Server.Documents;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Server.Tests.Documents;

/// <summary>HTML-only notes turned into TipTap's document (what the server seeds them with).</summary>
public sealed class HtmlNoteTests
{
    [Theory]
    [InlineData("<p>Hello</p>", """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Hello"}]}]}""")]
    [InlineData("", """{"type":"doc","content":[{"type":"paragraph"}]}""")]
    [InlineData("loose  text\n here", """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"loose text here"}]}]}""")]
    [InlineData("<h3>T</h3>", """{"type":"doc","content":[{"type":"heading","attrs":{"level":3},"content":[{"type":"text","text":"T"}]}]}""")]
    [InlineData("<p>a <b>b</b> <em>c</em> <s>d</s> <code>e</code> <u>f</u></p>",
        """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a "},{"type":"text","marks":[{"type":"bold"}],"text":"b"},{"type":"text","text":" "},{"type":"text","marks":[{"type":"italic"}],"text":"c"},{"type":"text","text":" "},{"type":"text","marks":[{"type":"strike"}],"text":"d"},{"type":"text","text":" "},{"type":"text","marks":[{"type":"code"}],"text":"e"},{"type":"text","text":" "},{"type":"text","marks":[{"type":"underline"}],"text":"f"}]}]}""")]
    [InlineData("<p><a href=\"https://example.com\">site</a></p>",
        """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","marks":[{"type":"link","attrs":{"href":"https://example.com"}}],"text":"site"}]}]}""")]
    [InlineData("<p>one<br>two</p>", """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"one"},{"type":"hardBreak"},{"type":"text","text":"two"}]}]}""")]
    [InlineData("<ul><li><p>a</p></li><li>b</li></ul>", """{"type":"doc","content":[{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]},{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}]}]}""")]
    [InlineData("<ol start=\"3\"><li>a</li></ol>", """{"type":"doc","content":[{"type":"orderedList","attrs":{"start":3},"content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]}]}]}""")]
    [InlineData("<ul data-type=\"taskList\"><li data-checked=\"true\" data-type=\"taskItem\"><label><input type=\"checkbox\" checked=\"checked\"><span></span></label><div><p>done</p></div></li></ul>",
        """{"type":"doc","content":[{"type":"taskList","content":[{"type":"taskItem","attrs":{"checked":true},"content":[{"type":"paragraph","content":[{"type":"text","text":"done"}]}]}]}]}""")]
    [InlineData("<blockquote><p>q</p></blockquote><hr>", """{"type":"doc","content":[{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"q"}]}]},{"type":"horizontalRule"}]}""")]
    [InlineData("<pre><code class=\"language-js\">let a;\n  let b;\n</code></pre>", """{"type":"doc","content":[{"type":"codeBlock","attrs":{"language":"js"},"content":[{"type":"text","text":"let a;\n  let b;"}]}]}""")]
    [InlineData("<script>alert(1)</script><style>p{}</style><p>kept</p>", """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"kept"}]}]}""")]
    [InlineData("<div><p>in a div</p></div>", """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"in a div"}]}]}""")]
    public void ToDocument_Html_TipTapNodes(string html, string expected)
    {
        Assert.Equal(expected, HtmlNote.ToDocument(html).ToString());
    }

    [Fact]
    public void ToDocument_Table_HeaderAndCellsHoldParagraphs()
    {
        var doc = HtmlNote.ToDocument("<table><tbody><tr><th><p>a</p></th><th>b</th></tr><tr><td>1</td><td>2</td></tr></tbody></table>");

        var table = Assert.Single(doc.Content);
        Assert.Equal(["tableHeader", "tableHeader"], table.Content[0].Content.Select(c => c.Type));
        Assert.Equal(["tableCell", "tableCell"], table.Content[1].Content.Select(c => c.Type));
        Assert.Equal("2", table.Content[1].Content[1].Content[0].Content[0].Text);
    }

    [Fact]
    public void ToDocument_TheServersOwnHtml_SameDocumentBack()
    {
        var original = ProseMirrorNode.Parse("""{"type":"doc","content":[{"type":"heading","attrs":{"level":1},"content":[{"type":"text","text":"Plan"}]},{"type":"paragraph","content":[{"type":"text","text":"Some "},{"type":"text","marks":[{"type":"bold"}],"text":"bold"},{"type":"text","text":" text."}]},{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]}]}]}]}""");

        var back = HtmlNote.ToDocument(ProseMirrorHtml.Render(original));

        Assert.Equal(ProseMirrorMarkdown.Render(original), ProseMirrorMarkdown.Render(back));
    }

    [Fact]
    public void ToDocument_NestedTooDeeply_FormatException()
    {
        Assert.Throws<FormatException>(() => HtmlNote.ToDocument(string.Concat(Enumerable.Repeat("<blockquote>", HtmlNote.MaxDepth + 5)) + "deep"));
    }
}
