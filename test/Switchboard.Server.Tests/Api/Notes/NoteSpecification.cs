using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Yjs.Document;

namespace Switchboard.Server.Tests.Api.Notes;

/// <summary><c>/api/v1/notes</c> on both databases: access control as grants, <c>note-events</c>, and the live document.</summary>
public abstract class NoteSpecification(ApiServerFixture fixture) : ApiSpecification(fixture)
{
    private static readonly object Private = new { read = new { user_ids = Array.Empty<string>(), group_ids = Array.Empty<string>() }, write = new { user_ids = Array.Empty<string>(), group_ids = Array.Empty<string>() } };

    private static JsonObject Paragraph(string text) => new()
    {
        ["type"] = "doc",
        ["content"] = new JsonArray(new JsonObject
        {
            ["type"] = "paragraph",
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }),
        }),
    };

    private static object Content(string text) => new { content = new { json = Paragraph(text), md = text, html = $"<p>{text}</p>" } };

    private static async Task<string> CreateAsync(ApiClient client, object? accessControl, string text = "first")
    {
        var body = new JsonObject { ["title"] = "Note", ["data"] = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(Content(text))) };
        body["access_control"] = accessControl is null ? null : JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(accessControl));
        return (await client.PostAsync("/api/v1/notes/create", body.ToJsonString())).Expect(HttpStatusCode.OK).Object["id"]!.GetValue<string>();
    }

    [StorageFact]
    public async Task Create_PrivateNote_OnlyOwnerAndAdminRead()
    {
        var (_, owner) = await UserAsync();
        var (_, other) = await UserAsync();
        var (_, admin) = await UserAsync("admin");

        var id = await CreateAsync(owner, Private);

        var got = (await owner.GetAsync("/api/v1/notes/" + id)).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("first", got["data"]!["content"]!["md"]!.GetValue<string>());
        Assert.Empty(got["access_control"]!["read"]!["user_ids"]!.AsArray());
        (await other.GetAsync("/api/v1/notes/" + id)).Expect(HttpStatusCode.Forbidden);
        (await other.PostAsync($"/api/v1/notes/{id}/update", new { title = "mine now" })).Expect(HttpStatusCode.Forbidden);
        (await other.DeleteAsync($"/api/v1/notes/{id}/delete")).Expect(HttpStatusCode.Forbidden);
        (await admin.GetAsync("/api/v1/notes/" + id)).Expect(HttpStatusCode.OK);
        Assert.DoesNotContain((await other.GetAsync("/api/v1/notes/list")).Expect(HttpStatusCode.OK).Array, n => n!["id"]!.GetValue<string>() == id);
        await using var db = await Host.DbAsync();
        Assert.False(await db.AccessGrants.AnyAsync(g => g.ResourceId == id));
    }

    [StorageFact]
    public async Task Create_NullAccessControl_PublicReadAsOneGrant()
    {
        var (_, owner) = await UserAsync();
        var (_, other) = await UserAsync();

        var id = await CreateAsync(owner, null);

        var seen = (await other.GetAsync("/api/v1/notes/" + id)).Expect(HttpStatusCode.OK).Object;
        Assert.Null(seen["access_control"]);
        (await other.PostAsync($"/api/v1/notes/{id}/update", new { title = "x" })).Expect(HttpStatusCode.Forbidden);
        Assert.Contains((await other.GetAsync("/api/v1/notes/list")).Expect(HttpStatusCode.OK).Array, n => n!["id"]!.GetValue<string>() == id);
        Assert.DoesNotContain((await other.GetAsync("/api/v1/notes/")).Expect(HttpStatusCode.OK).Array, n => n!["id"]!.GetValue<string>() == id);
        await using var db = await Host.DbAsync();
        var grant = await db.AccessGrants.SingleAsync(g => g.ResourceId == id);
        Assert.Equal(("note", "user", "*", "read"), (grant.ResourceType, grant.PrincipalType, grant.PrincipalId, grant.Permission));
    }

    [StorageFact]
    public async Task Update_WriteGrant_MergesDataEmitsNoteEventsButCannotChangeAccess()
    {
        var (owner, ownerClient) = await UserAsync();
        var (writer, writerClient) = await UserAsync();
        var (_, stranger) = await UserAsync();
        var acl = new { read = new { user_ids = new[] { writer.Id } }, write = new { user_ids = new[] { writer.Id } } };
        var id = await CreateAsync(ownerClient, acl);
        var viewer = await ConnectAsync(ownerClient);
        var outsider = await ConnectAsync(stranger);
        await viewer.CallAsync("join-note", new { note_id = id, auth = new { token = ownerClient.Token } });
        await outsider.CallAsync("join-note", new { note_id = id, auth = new { token = stranger.Token } });

        var updated = (await writerClient.PostAsync($"/api/v1/notes/{id}/update", new { title = "Renamed", data = new { files = new[] { "f" } }, access_control = Private })).Expect(HttpStatusCode.OK).Object;

        Assert.Equal("Renamed", updated["title"]!.GetValue<string>());
        Assert.Equal("first", updated["data"]!["content"]!["md"]!.GetValue<string>());
        Assert.Equal("f", updated["data"]!["files"]![0]!.GetValue<string>());
        Assert.Equal(writer.Id, updated["access_control"]!["write"]!["user_ids"]![0]!.GetValue<string>());
        var pushed = (await viewer.NextAsync("note-events"))!;
        Assert.Equal(id, pushed["id"]!.GetValue<string>());
        Assert.Equal("Renamed", pushed["title"]!.GetValue<string>());
        Assert.Equal(owner.Id, pushed["user_id"]!.GetValue<string>());
        Assert.DoesNotContain("note-events", await outsider.BarrierAsync());
    }

    [StorageFact]
    public async Task Update_ByOwner_ReplacesGrants()
    {
        var (_, owner) = await UserAsync();
        var (reader, readerClient) = await UserAsync();
        var id = await CreateAsync(owner, Private);
        var acl = new { read = new { user_ids = new[] { reader.Id }, group_ids = new[] { "g1" } } };

        (await owner.PostAsync($"/api/v1/notes/{id}/update", new { access_control = acl })).Expect(HttpStatusCode.OK);

        (await readerClient.GetAsync("/api/v1/notes/" + id)).Expect(HttpStatusCode.OK);
        await using (var db = await Host.DbAsync())
        {
            var grants = await db.AccessGrants.Where(g => g.ResourceId == id).Select(g => g.PrincipalType + ":" + g.PrincipalId + ":" + g.Permission).ToListAsync();
            Assert.Equal(new[] { "group:g1:read", $"user:{reader.Id}:read" }, grants.Order());
        }

        (await owner.PostAsync($"/api/v1/notes/{id}/update", new { access_control = Private })).Expect(HttpStatusCode.OK);
        (await readerClient.GetAsync("/api/v1/notes/" + id)).Expect(HttpStatusCode.Forbidden);
    }

    [StorageFact]
    public async Task Update_NewContent_OpenEditorsGetTheDocumentUpdate()
    {
        var (owner, client) = await UserAsync();
        var id = await CreateAsync(client, Private, "before");
        var editor = await ConnectAsync(client);
        await editor.CallAsync("ydoc:document:join", new { document_id = "note:" + id, user_id = owner.Id, user_name = "o", user_color = "#000" });
        var state = (await editor.NextAsync("ydoc:document:state"))!;
        var doc = new YDoc();
        doc.ApplyUpdate([.. state["state"]!.AsArray().Select(b => (byte)b!.GetValue<int>())]);
        Assert.Equal("before", doc.GetProseMirrorJson()["content"]![0]!["content"]![0]!["text"]!.GetValue<string>());

        (await client.PostAsync($"/api/v1/notes/{id}/update", new { data = Content("after HTTP") })).Expect(HttpStatusCode.OK);

        var update = (await editor.NextAsync("ydoc:document:update"))!;
        Assert.Equal("note:" + id, update["document_id"]!.GetValue<string>());
        doc.ApplyUpdate([.. update["update"]!.AsArray().Select(b => (byte)b!.GetValue<int>())]);
        Assert.True(JsonNode.DeepEquals(Paragraph("after HTTP"), doc.GetProseMirrorJson()), doc.GetProseMirrorJson().ToJsonString());
    }

    [StorageFact]
    public async Task Update_MarkdownOnly_OpenEditorsGetTheDocumentUpdate()
    {
        var (owner, client) = await UserAsync();
        var id = await CreateAsync(client, Private, "before");
        var editor = await ConnectAsync(client);
        await editor.CallAsync("ydoc:document:join", new { document_id = "note:" + id, user_id = owner.Id, user_name = "o", user_color = "#000" });
        var state = (await editor.NextAsync("ydoc:document:state"))!;
        var doc = new YDoc();
        doc.ApplyUpdate([.. state["state"]!.AsArray().Select(b => (byte)b!.GetValue<int>())]);

        // What a user's script sends: Markdown only, no ProseMirror JSON.
        (await client.PostAsync($"/api/v1/notes/{id}/update", new { data = new { content = new { md = "from a script" } } })).Expect(HttpStatusCode.OK);

        var update = (await editor.NextAsync("ydoc:document:update"))!;
        doc.ApplyUpdate([.. update["update"]!.AsArray().Select(b => (byte)b!.GetValue<int>())]);
        Assert.True(JsonNode.DeepEquals(Paragraph("from a script"), doc.GetProseMirrorJson()), doc.GetProseMirrorJson().ToJsonString());
    }

    [StorageFact]
    public async Task Update_NewContentNobodyEditing_NextJoinSeesIt()
    {
        var (owner, client) = await UserAsync();
        var id = await CreateAsync(client, Private, "old text");
        var first = await ConnectAsync(client);
        await first.CallAsync("ydoc:document:join", new { document_id = "note:" + id, user_id = owner.Id, user_name = "o", user_color = "#000" });
        await first.NextAsync("ydoc:document:state");
        await first.CallAsync("ydoc:document:leave", new { document_id = "note:" + id });

        (await client.PostAsync($"/api/v1/notes/{id}/update", new { data = Content("new text") })).Expect(HttpStatusCode.OK);

        var second = await ConnectAsync(client);
        await second.CallAsync("ydoc:document:join", new { document_id = "note:" + id, user_id = owner.Id, user_name = "o", user_color = "#000" });
        var state = (await second.NextAsync("ydoc:document:state"))!;
        var doc = new YDoc();
        doc.ApplyUpdate([.. state["state"]!.AsArray().Select(b => (byte)b!.GetValue<int>())]);
        Assert.True(JsonNode.DeepEquals(Paragraph("new text"), doc.GetProseMirrorJson()), doc.GetProseMirrorJson().ToJsonString());
        await using var db = await Host.DbAsync();
        var stored = JsonNode.Parse((await db.Notes.SingleAsync(n => n.Id == id)).Data!)!;
        Assert.Equal("new text", stored["content"]!["md"]!.GetValue<string>().Trim());
    }

    [StorageFact]
    public async Task BadInput_400404AndNothingWritten()
    {
        var (_, client) = await UserAsync();
        var id = await CreateAsync(client, Private);

        (await client.PostAsync("/api/v1/notes/create", new { data = new { } })).Expect(HttpStatusCode.BadRequest);
        (await client.PostAsync("/api/v1/notes/create", new { title = "t", access_control = "public" })).Expect(HttpStatusCode.BadRequest);
        (await client.PostAsync("/api/v1/notes/create", new { title = "t", access_control = new { read = new { user_ids = new[] { 1 } } } })).Expect(HttpStatusCode.BadRequest);
        (await client.PostAsync($"/api/v1/notes/{id}/update", new { title = "t", data = new { content = new { json = new { content = "no type" } } } })).Expect(HttpStatusCode.BadRequest);
        (await client.PostAsync($"/api/v1/notes/{id}/update", new { title = 7 })).Expect(HttpStatusCode.BadRequest);
        (await client.GetAsync("/api/v1/notes/" + Guid.NewGuid())).Expect(HttpStatusCode.NotFound);
        (await client.PostAsync($"/api/v1/notes/{Guid.NewGuid()}/update", new { title = "t" })).Expect(HttpStatusCode.NotFound);
        (await Anonymous().GetAsync("/api/v1/notes/" + id)).Expect(HttpStatusCode.Unauthorized);

        Assert.Equal("Note", (await client.GetAsync("/api/v1/notes/" + id)).Expect(HttpStatusCode.OK).Object["title"]!.GetValue<string>());
    }

    [StorageFact]
    public async Task Delete_Owner_GoneWithGrants()
    {
        var (_, client) = await UserAsync();
        var id = await CreateAsync(client, null);

        Assert.True((await client.DeleteAsync($"/api/v1/notes/{id}/delete")).Expect(HttpStatusCode.OK).Json!.GetValue<bool>());

        (await client.GetAsync("/api/v1/notes/" + id)).Expect(HttpStatusCode.NotFound);
        await using var db = await Host.DbAsync();
        Assert.False(await db.AccessGrants.AnyAsync(g => g.ResourceId == id));
    }
}
