using System.Text.Json.Nodes;
using Switchboard.Yjs.ProseMirror;
using static Switchboard.Server.Tests.Documents.Updates;

namespace Switchboard.Server.Tests.Documents;

/// <summary>Notes with content but no document are seeded by the server; stored content is never emptied by accident; the size limit (G17).</summary>
public sealed class DocumentSeedingTests
{
    private static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(500);

    private static object Join(string noteId) => new { document_id = "note:" + noteId };

    private static JsonObject Content(string text) => new()
    {
        ["json"] = JsonNode.Parse(ParagraphJson(text)),
        ["md"] = text,
        ["html"] = "<p>" + text + "</p>",
    };

    [Fact]
    public async Task Join_NoteWithContentButNoDocument_ServerSeedsItOnceForEveryJoiner()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner, Content("stored text"));
        var a = await server.ConnectAsync(owner);
        var b = await server.ConnectAsync(owner);

        var joins = new[] { a.CallAsync("ydoc:document:join", Join(note)), b.CallAsync("ydoc:document:join", Join(note)) };
        await Task.WhenAll(joins).WaitAsync(DocumentSocket.Timeout);
        var stateA = Bytes((await a.NextAsync("ydoc:document:state"))["state"]);
        var stateB = Bytes((await b.NextAsync("ydoc:document:state"))["state"]);

        Assert.NotEqual([0, 0], stateA);
        Assert.Equal(stateA, stateB);
        Assert.Equal(JsonNode.Parse(ParagraphJson("stored text"))!.ToJsonString(), Doc(stateA).GetProseMirrorJson().ToJsonString());
        Assert.Equal(ProseMirrorSeeder.CreateUpdate(ProseMirrorNode.Parse(ParagraphJson("stored text"))), stateA);
        Assert.True(await DocumentSeed.HasStateAsync(server, "note:" + note));
    }

    [Fact]
    public async Task Join_NoteWithMarkdownOnly_ServerSeedsItFromTheMarkdown()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner, new JsonObject { ["md"] = "# Groceries\n\n- **milk**\n- eggs" });
        var a = await server.ConnectAsync(owner);
        var b = await server.ConnectAsync(owner);

        await Task.WhenAll(a.CallAsync("ydoc:document:join", Join(note)), b.CallAsync("ydoc:document:join", Join(note))).WaitAsync(DocumentSocket.Timeout);
        var stateA = Bytes((await a.NextAsync("ydoc:document:state"))["state"]);
        var stateB = Bytes((await b.NextAsync("ydoc:document:state"))["state"]);

        Assert.NotEqual([0, 0], stateA);
        Assert.Equal(stateA, stateB);
        Assert.Equal("# Groceries\n\n- **milk**\n- eggs", ProseMirrorMarkdown.Render(Doc(stateA).GetProseMirror()));
        Assert.True(await DocumentSeed.HasStateAsync(server, "note:" + note));

        // The first edit saves the note with all three forms, its JSON now the document's.
        await a.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(TextInsert(0, 'q')) });
        await a.CallAsync("ydoc:document:leave", new { document_id = "note:" + note });
        await b.CallAsync("ydoc:document:leave", new { document_id = "note:" + note });
        var content = (await DocumentSeed.DataAsync(server, note))["content"]!;
        Assert.Equal("heading", content["json"]!["content"]![0]!["type"]!.GetValue<string>());
        Assert.Equal("# Groceries\n\n- **milk**\n- eggs", content["md"]!.GetValue<string>());
    }

    [Fact]
    public async Task Join_NoteWithHtmlAndMarkdownOnly_ServerSeedsItFromTheHtml()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner, new JsonObject { ["html"] = "<h2>Plan</h2><p>from <strong>html</strong></p>", ["md"] = "not this" });
        var socket = await server.ConnectAsync(owner);

        await socket.CallAsync("ydoc:document:join", Join(note));
        var state = Bytes((await socket.NextAsync("ydoc:document:state"))["state"]);

        Assert.Equal("## Plan\n\nfrom **html**", ProseMirrorMarkdown.Render(Doc(state).GetProseMirror()));
    }

    [Fact]
    public async Task Save_ContentFreeUpdates_NeverEmptyAStoredNote()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        // Stored content that is not a document the server can read: nothing to seed from, so the document starts empty.
        var unreadable = new JsonObject { ["type"] = "doc", ["content"] = new JsonArray(new JsonObject { ["no type"] = 1 }) };
        var note = await DocumentSeed.NoteAsync(server, owner, new JsonObject { ["json"] = unreadable.DeepClone() });
        var socket = await server.ConnectAsync(owner);
        await socket.CallAsync("ydoc:document:join", Join(note));
        Assert.Equal("[0,0]", (await socket.NextAsync("ydoc:document:state"))["state"]!.ToJsonString());

        // An empty editor's first update (one empty paragraph), then an update outside the note's content.
        await socket.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(EmptyParagraph()), data = new { content = new { md = "", html = "", json = new { } } } });
        await socket.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(TextInsert(0, 'q')) });
        server.Time.Advance(SaveDelay);
        await socket.CallAsync("ydoc:document:leave", new { document_id = "note:" + note });

        Assert.True(JsonNode.DeepEquals(unreadable, (await DocumentSeed.DataAsync(server, note))["content"]!["json"]));
    }

    [Fact]
    public async Task Save_UserEmptiesASeededNote_TheEmptyNoteIsSaved()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner, Content("to delete"));
        var socket = await server.ConnectAsync(owner);
        await socket.CallAsync("ydoc:document:join", Join(note));
        var seeded = Doc(Bytes((await socket.NextAsync("ydoc:document:state"))["state"]));

        // Delete every struct the seed wrote (client 0x5EED5EED, clocks 0 .. end): delete set only.
        var end = seeded.StateVector[ProseMirrorSeeder.SeedClientId];
        var delete = new Switchboard.Yjs.Lib0.Lib0Writer(16);
        delete.WriteVarUInt(0);
        delete.WriteVarUInt(1);
        delete.WriteVarUInt(ProseMirrorSeeder.SeedClientId);
        delete.WriteVarUInt(1);
        delete.WriteVarUInt(0);
        delete.WriteVarUInt((ulong)end);
        await socket.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(delete.ToArray()) });
        server.Time.Advance(SaveDelay);

        await DocumentServer.WaitForAsync(async () => await DocumentSeed.MarkdownAsync(server, note) == "", "the emptied note to be saved");
    }

    [Fact]
    public async Task Update_OverTheSizeLimit_RefusedWithAnErrorNamingItAndTheConnectionStays()
    {
        await using var server = await DocumentServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:Documents:MaxDocumentBytes"] = "64" });
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner);
        var socket = await server.ConnectAsync(owner);
        await socket.CallAsync("ydoc:document:join", Join(note));

        var ack = await socket.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(Paragraph(new string('x', 100))) });
        var error = await socket.NextAsync("error");
        var accepted = await socket.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(TextInsert(0, 's')) });

        Assert.NotNull(ack[0]!["error"]);
        Assert.Equal(64, error["limit"]!.GetValue<int>());
        Assert.Contains("64 bytes", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(accepted.FirstOrDefault()?["error"]);
        Assert.False(socket.Connection.IsClosed);
    }

    [Fact]
    public async Task MaxDocumentBytes_Default_AFifthOfMaxPayload()
    {
        await using var server = await DocumentServer.StartAsync();

        Assert.Equal(200_000, server.Hub.MaxDocumentBytes);
    }
}
