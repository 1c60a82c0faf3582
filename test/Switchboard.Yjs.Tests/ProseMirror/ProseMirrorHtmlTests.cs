using System.Text.Json.Nodes;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Yjs.Tests.ProseMirror;

public class ProseMirrorHtmlTests
{
    private static string Html(string json) => ProseMirrorHtml.Render(ProseMirrorNode.Parse(json));

    [Theory]
    [InlineData("""{"type":"doc","content":[{"type":"heading","attrs":{"level":1},"content":[{"type":"text","text":"T"}]},{"type":"paragraph","content":[{"type":"text","text":"p"}]}]}""", "<h1>T</h1><p>p</p>")]
    [InlineData("""{"type":"doc","content":[{"type":"paragraph"}]}""", "<p></p>")]
    [InlineData("""{"type":"bullet_list","content":[{"type":"list_item","content":[{"type":"paragraph","content":[{"type":"text","text":"a"}]}]}]}""", "<ul><li><p>a</p></li></ul>")]
    [InlineData("""{"type":"orderedList","attrs":{"start":5},"content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"e"}]}]}]}""", "<ol start=\"5\"><li><p>e</p></li></ol>")]
    [InlineData("""{"type":"taskList","content":[{"type":"taskItem","attrs":{"checked":true},"content":[{"type":"paragraph","content":[{"type":"text","text":"t"}]}]}]}""", "<ul data-type=\"taskList\"><li data-checked=\"true\"><input type=\"checkbox\" checked disabled> <p>t</p></li></ul>")]
    [InlineData("""{"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"q"},{"type":"hardBreak"},{"type":"text","text":"r"}]}]}""", "<blockquote><p>q<br>r</p></blockquote>")]
    [InlineData("""{"type":"doc","content":[{"type":"horizontalRule"}]}""", "<hr>")]
    public void Render_Blocks_Elements(string json, string expected) => Assert.Equal(expected, Html(json));

    [Theory]
    [InlineData("""[{"type":"text","text":"b","marks":[{"type":"bold"},{"type":"italic"}]}]""", "<p><strong><em>b</em></strong></p>")]
    [InlineData("""[{"type":"text","text":"s","marks":[{"type":"strike"},{"type":"underline"},{"type":"code"}]}]""", "<p><s><u><code>s</code></u></s></p>")]
    [InlineData("""[{"type":"text","text":"go","marks":[{"type":"link","attrs":{"href":"https://e.com/?a=1&b=\"2\""}}]}]""", "<p><a href=\"https://e.com/?a=1&amp;b=&quot;2&quot;\" rel=\"noopener noreferrer nofollow\">go</a></p>")]
    [InlineData("""[{"type":"text","text":"x","marks":[{"type":"unknownMark"}]}]""", "<p>x</p>")]
    public void Render_Marks_Nested(string inline, string expected) =>
        Assert.Equal(expected, Html("""{"type":"paragraph","content":""" + inline + "}"));

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData(" java\tscript:alert(1)")]
    [InlineData("data:text/html;base64,PHNjcmlwdD4=")]
    [InlineData("vbscript:msgbox")]
    public void Render_UnsafeLink_TextOnly(string href)
    {
        var node = new ProseMirrorNode("paragraph", content: [new ProseMirrorNode("text", text: "x", marks: [new ProseMirrorMark("link", new JsonObject { ["href"] = href })])]);
        Assert.Equal("<p>x</p>", ProseMirrorHtml.Render(node));
        var image = new ProseMirrorNode("image", new JsonObject { ["src"] = href });
        Assert.Equal(string.Empty, ProseMirrorHtml.Render(image));
    }

    [Theory]
    [InlineData("<script>alert('x')</script>", "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>")]
    [InlineData("<img src=x onerror=alert(1)>", "<p>&lt;img src=x onerror=alert(1)&gt;</p>")]
    [InlineData("a & b \"c\"", "<p>a &amp; b &quot;c&quot;</p>")]
    public void Render_HostileText_Escaped(string text, string expected)
    {
        var node = new ProseMirrorNode("paragraph", content: [new ProseMirrorNode("text", text: text)]);
        Assert.Equal(expected, ProseMirrorHtml.Render(node));
    }

    [Fact]
    public void Render_HostileNodeTypeAndAttrs_NotEmitted()
    {
        var json = """{"type":"doc","content":[{"type":"script","attrs":{"onload":"x"},"content":[{"type":"text","text":"inner"}]},{"type":"image","attrs":{"src":"https://e.com/a.png","alt":"\"><script>","onerror":"alert(1)"}}]}""";
        Assert.Equal("inner<img src=\"https://e.com/a.png\" alt=\"&quot;&gt;&lt;script&gt;\">", Html(json));
    }

    [Theory]
    [InlineData("""{"type":"codeBlock","attrs":{"language":"html"},"content":[{"type":"text","text":"<b>x</b>"}]}""", "<pre><code class=\"language-html\">&lt;b&gt;x&lt;/b&gt;</code></pre>")]
    [InlineData("""{"type":"codeBlock","attrs":{"language":"\"><script>"},"content":[{"type":"text","text":"y"}]}""", "<pre><code>y</code></pre>")]
    public void Render_CodeBlock_EscapedWithSafeLanguage(string json, string expected) => Assert.Equal(expected, Html(json));

    [Fact]
    public void Render_Table_CellsWithSpans()
    {
        var json = """{"type":"table","content":[{"type":"tableRow","content":[{"type":"tableHeader","attrs":{"colspan":2,"rowspan":1},"content":[{"type":"paragraph","content":[{"type":"text","text":"h"}]}]}]}]}""";
        Assert.Equal("<table><tbody><tr><th colspan=\"2\"><p>h</p></th></tr></tbody></table>", Html(json));
    }
}
