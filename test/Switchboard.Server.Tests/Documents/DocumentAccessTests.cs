using System.Text.Json.Nodes;
using static Switchboard.Server.Tests.Documents.Updates;

namespace Switchboard.Server.Tests.Documents;

/// <summary>Who may join, update and send awareness (G1, G3, G4, G23, G26), and what the others receive.</summary>
public sealed class DocumentAccessTests(DocumentServerFixture fixture) : IClassFixture<DocumentServerFixture>
{
    private DocumentServer Server => fixture.Server;

    private static object Join(string documentId) => new { document_id = documentId, user_id = "spoofed", user_name = "Mallory", user_color = "#ff00aa" };

    private static object Update(string documentId, byte[] update) =>
        new { document_id = documentId, user_id = "spoofed", socket_id = "spoofed", update = Ints(update) };

    private static void AssertRefused(JsonArray ack) => Assert.NotNull(ack[0]?["error"]);

    [Fact]
    public async Task Join_EmptyNote_StateIsExactlyZeroZeroWithTheRoomsSockets()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var a = await Server.ConnectAsync(owner);
        var b = await Server.ConnectAsync(owner);

        await a.CallAsync("ydoc:document:join", Join("note:" + note));
        var first = await a.NextAsync("ydoc:document:state");
        await b.CallAsync("ydoc:document:join", Join("note:" + note));
        var second = await b.NextAsync("ydoc:document:state");

        Assert.Equal("[0,0]", first["state"]!.ToJsonString());
        Assert.Equal("note:" + note, first["document_id"]!.GetValue<string>());
        Assert.Equal([a.Sid], first["sessions"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal(new[] { a.Sid, b.Sid }.Order(), second["sessions"]!.AsArray().Select(s => s!.GetValue<string>()).Order());
    }

    [Fact]
    public async Task Join_OtherEditors_GetUserJoinedWithTheServersIdentity()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var a = await Server.ConnectAsync(owner);
        var b = await Server.ConnectAsync(owner);
        await a.CallAsync("ydoc:document:join", Join("note:" + note));

        await b.CallAsync("ydoc:document:join", Join("note:" + note));
        var joined = await a.NextAsync("ydoc:user:joined");

        Assert.Equal(owner, joined["user_id"]!.GetValue<string>());
        Assert.Equal("user " + owner[..8], joined["user_name"]!.GetValue<string>());
        Assert.Equal("#ff00aa", joined["user_color"]!.GetValue<string>());
    }

    [Fact]
    public async Task Join_WithoutReadAccess_RefusedUnderEitherSpelling()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var stranger = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var socket = await Server.ConnectAsync(stranger);

        AssertRefused(await socket.CallAsync("ydoc:document:join", Join("note:" + note)));
        AssertRefused(await socket.CallAsync("ydoc:document:join", Join("note_" + note)));
        AssertRefused(await socket.CallAsync("ydoc:document:join", Join("chat:" + note)));
        Assert.DoesNotContain("ydoc:document:state", socket.Pending());
    }

    [Fact]
    public async Task Join_UnderscoreSpelling_IsTheSameDocument()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var a = await Server.ConnectAsync(owner);
        var b = await Server.ConnectAsync(owner);
        await a.CallAsync("ydoc:document:join", Join("note:" + note));
        await a.CallAsync("ydoc:document:update", Update("note:" + note, TextInsert(0, 'x')));

        await b.CallAsync("ydoc:document:join", Join("note_" + note));
        var state = await b.NextAsync("ydoc:document:state");

        Assert.Equal("x", Doc(Bytes(state["state"])).GetText("t"));
        Assert.Equal(2, state["sessions"]!.AsArray().Count);
    }

    [Fact]
    public async Task Update_FromEditor_RelayedToOthersWithSocketIdAndServerUserId()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var a = await Server.ConnectAsync(owner);
        var b = await Server.ConnectAsync(owner);
        await a.CallAsync("ydoc:document:join", Join("note:" + note));
        await b.CallAsync("ydoc:document:join", Join("note:" + note));

        await a.CallAsync("ydoc:document:update", Update("note:" + note, TextInsert(0, 'x')));
        var relayed = await b.NextAsync("ydoc:document:update");

        Assert.Equal(a.Sid, relayed["socket_id"]!.GetValue<string>());
        Assert.Equal(owner, relayed["user_id"]!.GetValue<string>());
        Assert.Equal(TextInsert(0, 'x'), Bytes(relayed["update"]));
        Assert.DoesNotContain("ydoc:document:update", a.Pending());
    }

    [Fact]
    public async Task Update_AsBinaryAttachment_AcceptedAndRelayedAsIntegers()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var a = await Server.ConnectAsync(owner);
        var b = await Server.ConnectAsync(owner);
        await a.CallAsync("ydoc:document:join", Join("note:" + note));
        await b.CallAsync("ydoc:document:join", Join("note:" + note));

        var ack = await a.CallWithBinaryUpdateAsync("ydoc:document:update", "note:" + note, TextInsert(0, 'y'));
        var relayed = await b.NextAsync("ydoc:document:update");

        Assert.Null(ack.FirstOrDefault()?["error"]);
        Assert.Equal(TextInsert(0, 'y'), Bytes(relayed["update"]));
    }

    [Fact]
    public async Task Update_FromReadOnlyViewer_RefusedNotRelayedNotApplied()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var viewer = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        await DocumentSeed.GrantAsync(Server, note, viewer, "read");
        var editor = await Server.ConnectAsync(owner);
        var reader = await Server.ConnectAsync(viewer);
        await editor.CallAsync("ydoc:document:join", Join("note:" + note));
        await reader.CallAsync("ydoc:document:join", Join("note:" + note));
        await reader.NextAsync("ydoc:document:state");

        AssertRefused(await reader.CallAsync("ydoc:document:update", Update("note:" + note, TextInsert(0, 'v'))));
        await editor.CallAsync("ydoc:document:update", Update("note:" + note, TextInsert(0, 'e')));
        var relayed = await reader.NextAsync("ydoc:document:update");
        await reader.CallAsync("ydoc:document:state", new { document_id = "note:" + note });
        var state = await reader.NextAsync("ydoc:document:state");

        Assert.Equal(editor.Sid, relayed["socket_id"]!.GetValue<string>());
        Assert.DoesNotContain("ydoc:document:update", editor.Pending());
        Assert.Equal("e", Doc(Bytes(state["state"])).GetText("t"));
    }

    [Fact]
    public async Task Update_WithWriteGrantThroughGroup_Accepted()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var member = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var group = Guid.NewGuid().ToString();
        await using (var db = await Server.DbAsync())
        {
            db.Groups.Add(new Server.Storage.Entities.GroupRow { Id = group, Name = "g", CreatedAt = 1, UpdatedAt = 1 });
            db.GroupMembers.Add(new Server.Storage.Entities.GroupMemberRow { Id = Guid.NewGuid().ToString(), GroupId = group, UserId = member, CreatedAt = 1, UpdatedAt = 1 });
            await db.SaveChangesAsync();
        }

        await DocumentSeed.GrantAsync(Server, note, group, "read", "group");
        await DocumentSeed.GrantAsync(Server, note, group, "write", "group");
        var socket = await Server.ConnectAsync(member);
        await socket.CallAsync("ydoc:document:join", Join("note:" + note));

        var ack = await socket.CallAsync("ydoc:document:update", Update("note:" + note, TextInsert(0, 'g')));

        Assert.Null(ack.FirstOrDefault()?["error"]);
    }

    [Fact]
    public async Task Update_WithoutJoining_RefusedEvenForTheOwner()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var editor = await Server.ConnectAsync(owner);
        var outsider = await Server.ConnectAsync(owner);
        await editor.CallAsync("ydoc:document:join", Join("note:" + note));

        AssertRefused(await outsider.CallAsync("ydoc:document:update", Update("note:" + note, TextInsert(0, 'o'))));
        AssertRefused(await outsider.CallAsync("ydoc:awareness:update", Update("note:" + note, [1, 2, 3])));

        Assert.DoesNotContain("ydoc:document:update", editor.Pending());
        Assert.DoesNotContain("ydoc:awareness:update", editor.Pending());
    }

    [Fact]
    public async Task Update_Malformed_RefusedWithErrorAndChangesNothing()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var a = await Server.ConnectAsync(owner);
        var b = await Server.ConnectAsync(owner);
        await a.CallAsync("ydoc:document:join", Join("note:" + note));
        await b.CallAsync("ydoc:document:join", Join("note:" + note));
        await a.NextAsync("ydoc:document:state");
        await a.CallAsync("ydoc:document:update", Update("note:" + note, TextInsert(0, 'k')));
        await b.NextAsync("ydoc:document:update");

        AssertRefused(await a.CallAsync("ydoc:document:update", Update("note:" + note, [0x01, 0x01, 0x01, 0x01, 0x84, 0x01])));
        AssertRefused(await a.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = new[] { 1, 256 } }));
        AssertRefused(await a.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = "AQE=" }));
        await a.CallAsync("ydoc:document:state", new { document_id = "note:" + note });
        var state = await a.NextAsync("ydoc:document:state");

        Assert.Equal("k", Doc(Bytes(state["state"])).GetText("t"));
        Assert.DoesNotContain("ydoc:document:update", b.Pending());
        Assert.False(a.Connection.IsClosed);
    }

    [Fact]
    public async Task Awareness_FromMember_RelayedToOthersWithServerUserIdNeverToSender()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var a = await Server.ConnectAsync(owner);
        var b = await Server.ConnectAsync(owner);
        await a.CallAsync("ydoc:document:join", Join("note:" + note));
        await b.CallAsync("ydoc:document:join", Join("note:" + note));
        var awareness = System.Text.Encoding.UTF8.GetBytes("""{"1":{"user":{"name":"a","color":"#000000","id":"x"}}}""");

        await a.CallAsync("ydoc:awareness:update", new { document_id = "note:" + note, user_id = a.Sid, update = Ints(awareness) });
        var relayed = await b.NextAsync("ydoc:awareness:update");

        Assert.Equal(owner, relayed["user_id"]!.GetValue<string>());
        Assert.Equal(awareness, Bytes(relayed["update"]));
        Assert.DoesNotContain("ydoc:awareness:update", a.Pending());
    }

    [Fact]
    public async Task AnonymousSocket_EveryDocumentEvent_Refused()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        var anonymous = await Server.ConnectAsync(null);

        foreach (var name in new[] { "join-note", "ydoc:document:join", "ydoc:document:state", "ydoc:document:update", "ydoc:document:leave", "ydoc:awareness:update" })
        {
            AssertRefused(await anonymous.CallAsync(name, new { note_id = note, document_id = "note:" + note, update = Ints(TextInsert(0, 'a')) }));
        }

        Assert.Empty(anonymous.Pending());
    }

    [Fact]
    public async Task JoinNote_ReadAccessJoinsTheNoteRoom_OthersRefused()
    {
        var owner = await DocumentSeed.UserAsync(Server);
        var reader = await DocumentSeed.UserAsync(Server);
        var stranger = await DocumentSeed.UserAsync(Server);
        var note = await DocumentSeed.NoteAsync(Server, owner);
        await DocumentSeed.GrantAsync(Server, note, "*", "read");
        var allowed = await Server.ConnectAsync(reader);
        var io = (SocketIO.SocketIOServer)Server.Services.GetService(typeof(SocketIO.SocketIOServer))!;

        Assert.Null((await allowed.CallAsync("join-note", new { note_id = note, auth = new { token = "x" } })).FirstOrDefault()?["error"]);
        Assert.Single(await io.In("note:" + note).FetchSocketsAsync().WaitAsync(DocumentSocket.Timeout));

        var secret = await DocumentSeed.NoteAsync(Server, owner);
        var refused = await Server.ConnectAsync(stranger);
        AssertRefused(await refused.CallAsync("join-note", new { note_id = secret }));
        Assert.Empty(await io.In("note:" + secret).FetchSocketsAsync().WaitAsync(DocumentSocket.Timeout));
    }
}
