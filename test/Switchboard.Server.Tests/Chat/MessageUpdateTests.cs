using System.Text.Json.Nodes;
using Switchboard.Server.Chat;

namespace Switchboard.Server.Tests.Chat;

/// <summary>The persistence table of §5.3 with the G10 fixes, on the message JSON alone.</summary>
public sealed class MessageUpdateTests
{
    private static JsonObject Message(string json) => JsonNode.Parse(json)!.AsObject();

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual.ToJsonString());

    private static MessageUpdate For(string type, string data) => MessageUpdate.For(type, JsonNode.Parse(data))!;

    [Fact]
    public void For_UnstoredTypes_Null()
    {
        Assert.Null(MessageUpdate.For("chat:completion", JsonNode.Parse("""{"content":"x"}""")));
        Assert.Null(MessageUpdate.For("chat:message:delta", JsonNode.Parse("""{"content":"x"}""")));
        Assert.Null(MessageUpdate.For("chat:message", JsonNode.Parse("""{"content":"x"}""")));
        Assert.Null(MessageUpdate.For("chat:message:files", JsonNode.Parse("""{"files":[]}""")));
        Assert.Null(MessageUpdate.For("notification", JsonNode.Parse("""{"type":"info","content":"x"}""")));
        Assert.Null(MessageUpdate.For("message", JsonNode.Parse("""{"content":42}""")));
        Assert.Null(MessageUpdate.For("status", null));
    }

    [Fact]
    public void Message_Appends_OnlyToExisting()
    {
        var update = For("message", """{"content":" world"}""");
        var message = Message("""{"id":"m","content":"hello"}""");

        Assert.False(update.CreatesMissing);
        Assert.True(update.Apply(message));
        Assert.Equal("hello world", (string?)message["content"]);
    }

    [Fact]
    public void Replace_SetsContent_AndCreatesMissing()
    {
        var update = For("replace", """{"content":"new"}""");
        var message = Message("""{"id":"m","content":"old"}""");

        Assert.True(update.CreatesMissing);
        Assert.True(update.Apply(message));
        Assert.Equal("new", (string?)message["content"]);
        Assert.False(update.Apply(message));
    }

    [Fact]
    public void Status_AppendsToStatusHistory()
    {
        var message = Message("""{"id":"m"}""");

        For("status", """{"action":"web_search","description":"Searching","done":false}""").Apply(message);
        For("status", """{"action":"web_search","description":"Done","done":true}""").Apply(message);

        AssertJson("""[{"action":"web_search","description":"Searching","done":false},{"action":"web_search","description":"Done","done":true}]""", message["statusHistory"]!);
    }

    [Fact]
    public void Files_FullListTwice_NoDuplicates()
    {
        // The middleware passes the full list for inline images: stored = new + existing duplicated them upstream (G10).
        var message = Message("""{"id":"m"}""");
        var files = """{"files":[{"type":"image","url":"/a.png"},{"type":"image","url":"/b.png"}]}""";

        For("files", files).Apply(message);
        Assert.False(For("files", files).Apply(message));

        AssertJson("""[{"type":"image","url":"/a.png"},{"type":"image","url":"/b.png"}]""", message["files"]!);
    }

    [Fact]
    public void Files_NewOnes_FirstThenStored()
    {
        var message = Message("""{"id":"m","files":[{"type":"image","url":"/a.png"}]}""");

        For("files", """{"files":[{"type":"image","url":"/c.png"}]}""").Apply(message);

        AssertJson("""[{"type":"image","url":"/c.png"},{"type":"image","url":"/a.png"}]""", message["files"]!);
    }

    [Fact]
    public void Embeds_ReplaceTrue_Replaces()
    {
        var message = Message("""{"id":"m","embeds":["<a>","<b>"]}""");

        For("embeds", """{"embeds":["<c>"],"replace":true}""").Apply(message);

        AssertJson("""["<c>"]""", message["embeds"]!);
    }

    [Fact]
    public void Embeds_Merge_DeduplicatesEqualItems()
    {
        var message = Message("""{"id":"m","embeds":["<a>"]}""");

        For("embeds", """{"embeds":["<a>","<b>"]}""").Apply(message);

        AssertJson("""["<a>","<b>"]""", message["embeds"]!);
    }

    [Fact]
    public void Source_WithoutType_AppendedOnce()
    {
        var message = Message("""{"id":"m"}""");
        var source = """{"source":{"name":"doc"},"document":["x"],"metadata":[{"source":"doc"}]}""";

        For("source", source).Apply(message);
        Assert.False(For("citation", source).Apply(message));

        Assert.Single(message["sources"]!.AsArray());
    }

    [Fact]
    public void Source_WithType_NotStored()
    {
        Assert.Null(MessageUpdate.For("source", JsonNode.Parse("""{"type":"code_execution","id":"c1","code":"1"}""")));
    }
}
