using Switchboard.Yjs.ProseMirror;
using static Switchboard.Server.Tests.Documents.Updates;

namespace Switchboard.Server.Tests.Documents;

/// <summary>What is stored, when, and what survives a restart (G2, G5, G17, G18, G22, seeding).</summary>
public sealed class DocumentStorageTests
{
    private static readonly TimeSpan SaveDelay = TimeSpan.FromMilliseconds(500);

    private static object Join(string noteId) => new { document_id = "note:" + noteId, user_id = "x", user_name = "x", user_color = "#123456" };

    // What the frontend sends with every keystroke: the update and, in data, whatever content the browser claims.
    private static object Edit(string noteId, byte[] update, string claimedMd = "claimed by the browser") => new
    {
        document_id = "note:" + noteId,
        user_id = "x",
        socket_id = "x",
        update = Ints(update),
        data = new { content = new { md = claimedMd, html = "<img src=x onerror=alert(1)>", json = new { type = "doc" } } },
    };

    private static async Task<string?> WaitForMarkdownAsync(DocumentServer server, string noteId, string expected)
    {
        await DocumentServer.WaitForAsync(async () => await DocumentSeed.MarkdownAsync(server, noteId) == expected, $"note content '{expected}'");
        return await DocumentSeed.MarkdownAsync(server, noteId);
    }

    [Fact]
    public async Task Save_AfterTheDebounce_StoresContentDerivedFromTheDocument()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner);
        var socket = await server.ConnectAsync(owner);
        await socket.CallAsync("ydoc:document:join", Join(note));

        await socket.CallAsync("ydoc:document:update", Edit(note, Paragraph("hello world")));
        server.Time.Advance(SaveDelay);
        await WaitForMarkdownAsync(server, note, "hello world");
        var content = (await DocumentSeed.DataAsync(server, note))["content"]!;

        var expected = ProseMirrorSnapshot.Create(ProseMirrorNode.Parse(ParagraphJson("hello world")));
        Assert.Equal(expected.Html, content["html"]!.GetValue<string>());
        Assert.Equal(expected.Json.ToJsonString(), content["json"]!.ToJsonString());
        Assert.DoesNotContain("onerror", content.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_DataLessResyncAfterAnEdit_DoesNotCancelTheSave()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner);
        var socket = await server.ConnectAsync(owner);
        await socket.CallAsync("ydoc:document:join", Join(note));

        await socket.CallAsync("ydoc:document:update", Edit(note, Paragraph("typed before the resync")));
        server.Time.Advance(SaveDelay / 2);
        await socket.CallWithBinaryUpdateAsync("ydoc:document:update", "note:" + note, Paragraph("typed before the resync"));
        server.Time.Advance(SaveDelay);

        Assert.Equal("typed before the resync", await WaitForMarkdownAsync(server, note, "typed before the resync"));
    }

    [Fact]
    public async Task Update_Accepted_IsInTheStoredLogBeforeAnySave()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner);
        var socket = await server.ConnectAsync(owner);
        await socket.CallAsync("ydoc:document:join", Join(note));

        await socket.CallAsync("ydoc:document:update", Edit(note, TextInsert(0, 'a')));

        Assert.Equal(1, await DocumentSeed.LogCountAsync(server, "note:" + note));
    }

    [Fact]
    public async Task Leave_PendingSave_WrittenAtOnceAndTheOthersToldUserLeft()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner);
        var a = await server.ConnectAsync(owner);
        var b = await server.ConnectAsync(owner);
        await a.CallAsync("ydoc:document:join", Join(note));
        await b.CallAsync("ydoc:document:join", Join(note));

        await a.CallAsync("ydoc:document:update", Edit(note, Paragraph("last words")));
        await a.CallAsync("ydoc:document:leave", new { document_id = "note:" + note, user_id = "spoofed" });
        var left = await b.NextAsync("ydoc:user:left");

        Assert.Equal("last words", await DocumentSeed.MarkdownAsync(server, note));
        Assert.Equal(owner, left["user_id"]!.GetValue<string>());
        Assert.Equal(a.Sid, left["socket_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Disconnect_PendingSaveWrittenTheOthersToldAndTheEmptyDocumentClosed()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner);
        var a = await server.ConnectAsync(owner);
        var b = await server.ConnectAsync(owner);
        await a.CallAsync("ydoc:document:join", Join(note));
        await b.CallAsync("ydoc:document:join", Join(note));

        await a.CallAsync("ydoc:document:update", Edit(note, Paragraph("typed then gone")));
        await a.CloseAsync();
        var left = await b.NextAsync("ydoc:user:left");
        Assert.Equal(a.Sid, left["socket_id"]!.GetValue<string>());
        Assert.Equal("typed then gone", await WaitForMarkdownAsync(server, note, "typed then gone"));

        await b.CloseAsync();
        await DocumentServer.WaitForAsync(() => Task.FromResult(server.Hub.Find("note:" + note) is null), "the document to close");
    }

    [Fact]
    public async Task Restart_UnsavedEdits_FlushedAtShutdownAndTheDocumentComesBack()
    {
        await using var server = await DocumentServer.StartAsync();
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner);
        var socket = await server.ConnectAsync(owner);
        await socket.CallAsync("ydoc:document:join", Join(note));
        await socket.CallAsync("ydoc:document:update", Edit(note, Paragraph("survives")));
        await socket.CallAsync("ydoc:document:update", Edit(note, TextInsert(0, 'z')));

        await server.RestartAsync();
        var again = await server.ConnectAsync(owner);
        await again.CallAsync("ydoc:document:join", Join(note));
        var state = Doc(Bytes((await again.NextAsync("ydoc:document:state"))["state"]));

        Assert.Equal("survives", await DocumentSeed.MarkdownAsync(server, note));
        Assert.Equal("survives", ProseMirrorMarkdown.Render(state.GetProseMirror()));
        Assert.Equal("z", state.GetText("t"));
        Assert.Equal(0, await DocumentSeed.LogCountAsync(server, "note:" + note));
        Assert.True(await DocumentSeed.HasStateAsync(server, "note:" + note));
    }

    [Fact]
    public async Task Compaction_ManyUpdates_LogStaysBoundedAndNothingIsLost()
    {
        await using var server = await DocumentServer.StartAsync(new Dictionary<string, string?> { ["Switchboard:Documents:CompactAfterUpdates"] = "5" });
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner);
        var socket = await server.ConnectAsync(owner);
        await socket.CallAsync("ydoc:document:join", Join(note));

        for (var clock = 0; clock < 23; clock++)
        {
            await socket.CallAsync("ydoc:document:update", Edit(note, TextInsert(clock, (char)('a' + clock))));
            Assert.True(await DocumentSeed.LogCountAsync(server, "note:" + note) < 5);
        }

        await server.RestartAsync();
        var again = await server.ConnectAsync(owner);
        await again.CallAsync("ydoc:document:join", Join(note));
        var state = Doc(Bytes((await again.NextAsync("ydoc:document:state"))["state"]));

        Assert.Equal("abcdefghijklmnopqrstuvw", state.GetText("t"));
    }
}
