using System.Text.Json.Nodes;
using Switchboard.Yjs.Document;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Yjs.Tests.ProseMirror;

public class ProseMirrorReplacementTests
{
    private const string Before = """{"type":"doc","content":[{"type":"heading","attrs":{"level":1},"content":[{"type":"text","text":"Old"}]},{"type":"paragraph","content":[{"type":"text","marks":[{"type":"bold"}],"text":"old body"}]}]}""";
    private const string After = """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"new body"}]}]}""";

    [Fact]
    public void CreateReplacement_SeededDocument_HoldsOnlyTheNewContent()
    {
        var doc = ProseMirrorSeeder.CreateDocument(ProseMirrorNode.Parse(Before));

        var update = ProseMirrorSeeder.CreateReplacement(doc, ProseMirrorNode.Parse(After), 42);
        doc.ApplyUpdate(update);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(After), doc.GetProseMirrorJson()), doc.GetProseMirrorJson().ToJsonString());
        Assert.Equal(2, doc.StateVector.Count);
    }

    [Fact]
    public void CreateReplacement_AppliedByAPeerWithTheOldState_SameContent()
    {
        var server = ProseMirrorSeeder.CreateDocument(ProseMirrorNode.Parse(Before));
        var peer = new YDoc();
        peer.ApplyUpdate(server.EncodeStateAsUpdate());

        var update = ProseMirrorSeeder.CreateReplacement(server, ProseMirrorNode.Parse(After), 7);
        server.ApplyUpdate(update);
        peer.ApplyUpdate(update);

        Assert.Equal(server.EncodeStateAsUpdate(), peer.EncodeStateAsUpdate());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(After), peer.GetProseMirrorJson()));
    }

    [Fact]
    public void CreateReplacement_TwiceWithOneClient_SecondStartsAtItsNextClock()
    {
        var doc = ProseMirrorSeeder.CreateDocument(ProseMirrorNode.Parse(Before));
        doc.ApplyUpdate(ProseMirrorSeeder.CreateReplacement(doc, ProseMirrorNode.Parse(After), 9));
        var clock = doc.StateVector[9];

        doc.ApplyUpdate(ProseMirrorSeeder.CreateReplacement(doc, ProseMirrorNode.Parse(Before), 9));

        Assert.True(doc.StateVector[9] > clock);
        var expected = ProseMirrorSeeder.CreateDocument(ProseMirrorNode.Parse(Before)).GetProseMirrorJson();
        Assert.True(JsonNode.DeepEquals(expected, doc.GetProseMirrorJson()), doc.GetProseMirrorJson().ToJsonString());
    }

    [Fact]
    public void CreateReplacement_EmptyContent_EmptiesTheDocument()
    {
        var doc = ProseMirrorSeeder.CreateDocument(ProseMirrorNode.Parse(Before));

        doc.ApplyUpdate(ProseMirrorSeeder.CreateReplacement(doc, new ProseMirrorNode("doc"), 5));

        Assert.Empty(doc.GetProseMirror().Content);
    }
}
