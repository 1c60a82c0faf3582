using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Yjs.Tests.ProseMirror;

public class ProseMirrorMarkdownTests
{
    private static string Md(string json) => ProseMirrorMarkdown.Render(ProseMirrorNode.Parse(json));

    [Theory]
    [InlineData("""{"type":"doc","content":[{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Title"}]}]}""", "## Title")]
    [InlineData("""{"type":"doc","content":[{"type":"heading","attrs":{"level":9},"content":[{"type":"text","text":"Deep"}]}]}""", "###### Deep")]
    [InlineData("""{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]},{"type":"paragraph","content":[{"type":"text","text":"b"}]}]}""", "a\n\nb")]
    [InlineData("""{"type":"doc","content":[{"type":"paragraph"}]}""", "")]
    [InlineData("""{"type":"doc","content":[{"type":"horizontalRule"}]}""", "---")]
    [InlineData("""{"type":"doc","content":[{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"q1"}]},{"type":"paragraph","content":[{"type":"text","text":"q2"}]}]}]}""", "> q1\n>\n> q2")]
    public void Render_Blocks_CommonMark(string json, string expected) => Assert.Equal(expected, Md(json));

    [Theory]
    [InlineData("""{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]}]},{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"two"}]},{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"nested"}]}]}]}]}]}""", "- one\n- two\n  - nested")]
    [InlineData("""{"type":"ordered_list","attrs":{"order":3},"content":[{"type":"list_item","content":[{"type":"paragraph","content":[{"type":"text","text":"c"}]}]},{"type":"list_item","content":[{"type":"paragraph","content":[{"type":"text","text":"d"}]}]}]}""", "3. c\n4. d")]
    [InlineData("""{"type":"orderedList","attrs":{"start":1},"content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"x"}]},{"type":"paragraph","content":[{"type":"text","text":"y"}]}]}]}""", "1. x\n\n   y")]
    [InlineData("""{"type":"taskList","content":[{"type":"taskItem","attrs":{"checked":true},"content":[{"type":"paragraph","content":[{"type":"text","text":"done"}]}]},{"type":"taskItem","attrs":{"checked":false},"content":[{"type":"paragraph","content":[{"type":"text","text":"todo"}]}]}]}""", "- [x] done\n- [ ] todo")]
    public void Render_Lists_NestedAndNumbered(string json, string expected) => Assert.Equal(expected, Md(json));

    [Theory]
    [InlineData("""[{"type":"text","text":"bold","marks":[{"type":"bold"}]}]""", "**bold**")]
    [InlineData("""[{"type":"text","text":"a ","marks":[{"type":"strong"}]},{"type":"text","text":"b","marks":[{"type":"strong"},{"type":"em"}]},{"type":"text","text":" c"}]""", "**a *b*** c")]
    [InlineData("""[{"type":"text","text":"x","marks":[{"type":"italic"}]},{"type":"text","text":" y "},{"type":"text","text":"z","marks":[{"type":"strike"}]}]""", "*x* y ~~z~~")]
    [InlineData("""[{"type":"text","text":"use `x`","marks":[{"type":"code"}]}]""", "`` use `x` ``")]
    [InlineData("""[{"type":"text","text":"a*b","marks":[{"type":"code"}]}]""", "`a*b`")]
    [InlineData("""[{"type":"text","text":"site","marks":[{"type":"link","attrs":{"href":"https://example.com/a b(c)"}}]}]""", "[site](https://example.com/a%20b%28c%29)")]
    [InlineData("""[{"type":"text","text":"click","marks":[{"type":"link","attrs":{"href":"javascript:alert(1)"}}]}]""", "click")]
    [InlineData("""[{"type":"text","text":"l1"},{"type":"hardBreak"},{"type":"text","text":"l2"}]""", "l1\\\nl2")]
    [InlineData("""[{"type":"image","attrs":{"src":"/img/a.png","alt":"pic"}}]""", "![pic](/img/a.png)")]
    public void Render_Marks_BalancedAcrossTextNodes(string inline, string expected) =>
        Assert.Equal(expected, Md("""{"type":"paragraph","content":""" + inline + "}"));

    [Theory]
    [InlineData("<script>alert(1)</script>", "\\<script\\>alert(1)\\</script\\>")]
    [InlineData("# not a heading", "\\# not a heading")]
    [InlineData("1. not a list", "1\\. not a list")]
    [InlineData("- not a bullet", "\\- not a bullet")]
    [InlineData("*stars* _under_ [link](x) `tick` a|b", "\\*stars\\* \\_under\\_ \\[link\\](x) \\`tick\\` a\\|b")]
    [InlineData("AT&T &amp; fish &#60; chips", "AT&T \\&amp; fish \\&#60; chips")]
    [InlineData("back\\slash", "back\\\\slash")]
    public void Render_HostileText_Escaped(string text, string expected)
    {
        var json = new System.Text.Json.Nodes.JsonObject
        {
            ["type"] = "paragraph",
            ["content"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["type"] = "text", ["text"] = text }),
        };
        Assert.Equal(expected, ProseMirrorMarkdown.Render(ProseMirrorNode.FromJson(json)));
    }

    [Theory]
    [InlineData("""{"type":"codeBlock","attrs":{"language":"js"},"content":[{"type":"text","text":"let a = '<b>';\n```"}]}""", "````js\nlet a = '<b>';\n```\n````")]
    [InlineData("""{"type":"code_block","content":[{"type":"text","text":"*raw*"}]}""", "```\n*raw*\n```")]
    [InlineData("""{"type":"codeBlock","attrs":{"language":"js onerror"},"content":[{"type":"text","text":"x"}]}""", "```\nx\n```")]
    public void Render_CodeBlock_FencedVerbatim(string json, string expected) => Assert.Equal(expected, Md(json));

    [Fact]
    public void Render_Table_Gfm()
    {
        var json = """{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"h1"}]}]},{"type":"tableHeader","content":[{"type":"paragraph","content":[{"type":"text","text":"h2"}]}]}]},{"type":"tableRow","content":[{"type":"tableCell","content":[{"type":"paragraph","content":[{"type":"text","text":"a|b"}]}]},{"type":"tableCell","content":[{"type":"paragraph"}]}]}]}""";
        Assert.Equal("| h1 | h2 |\n| --- | --- |\n| a\\\\|b |  |", Md(json));
    }
}
