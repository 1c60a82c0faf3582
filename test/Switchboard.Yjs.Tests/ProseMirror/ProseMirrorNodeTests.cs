using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Yjs.Tests.ProseMirror;

public class ProseMirrorNodeTests
{
    [Fact]
    public void Parse_ThenToJson_SameJson()
    {
        var json = """{"type":"doc","content":[{"type":"heading","attrs":{"level":1},"content":[{"type":"text","marks":[{"type":"link","attrs":{"href":"/a","title":null}}],"text":"x"}]}]}""";
        Assert.Equal(json, ProseMirrorNode.Parse(json).ToString());
    }

    [Theory]
    [InlineData("[]", "$ is not an object")]
    [InlineData("""{"content":[]}""", "$ has no string 'type'")]
    [InlineData("""{"type":"doc","content":{}}""", "$.content is not an array")]
    [InlineData("""{"type":"doc","content":[{"type":"text"}]}""", "$.content[0] is a text node without 'text'")]
    [InlineData("""{"type":"doc","content":[{"type":"text","text":"a","marks":[1]}]}""", "$.content[0].marks[0] is not an object")]
    [InlineData("""{"type":"doc","attrs":[]}""", "$.attrs is not an object")]
    [InlineData("{", "not valid JSON")]
    public void Parse_Malformed_ThrowsNamingPath(string json, string message)
    {
        var e = Assert.Throws<FormatException>(() => ProseMirrorNode.Parse(json));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TooDeep_Throws()
    {
        var json = string.Concat(Enumerable.Repeat("""{"type":"b","content":[""", 40)) + """{"type":"p"}""" + string.Concat(Enumerable.Repeat("]}", 40));
        Assert.Throws<FormatException>(() => ProseMirrorNode.Parse(json, maxDepth: 20));
        Assert.Equal("b", ProseMirrorNode.Parse(json, maxDepth: 50).Type);
    }

    [Fact]
    public void PlainText_BlocksAndLists_Separated()
    {
        var json = """{"type":"doc","content":[{"type":"heading","attrs":{"level":1},"content":[{"type":"text","text":"T"}]},{"type":"paragraph","content":[{"type":"text","text":"a "},{"type":"text","text":"b","marks":[{"type":"bold"}]},{"type":"hardBreak"},{"type":"text","text":"c"}]},{"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"i1"}]}]},{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"i2"}]}]}]}]}""";
        Assert.Equal("T\n\na b\nc\n\ni1\ni2", ProseMirrorText.Render(ProseMirrorNode.Parse(json)));
    }
}
