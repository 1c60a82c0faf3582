using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Channels;

/// <summary><c>/api/v1/channels</c> on both databases, each change checked against the events a real socket receives.</summary>
public abstract class ChannelSpecification(ApiServerFixture fixture) : ApiSpecification(fixture)
{
    private async Task<(string Id, ApiClient Client, RealtimeClient Socket)> ConnectedAsync(string role = "user")
    {
        var (user, client) = await UserAsync(role);
        return (user.Id, client, await ConnectAsync(client));
    }

    private static async Task<string> GroupAsync(ApiClient creator, params string[] userIds) =>
        (await creator.PostAsync("/api/v1/channels/create", new { name = "Team " + Guid.NewGuid().ToString("N")[..6], type = "group", user_ids = userIds }))
            .Expect(HttpStatusCode.OK).Object["id"]!.GetValue<string>();

    private static async Task<JsonObject> NextChannelEventAsync(RealtimeClient socket, string type)
    {
        while (true)
        {
            var e = (await socket.NextAsync("events:channel"))!.AsObject();
            if (e["data"]!["type"]!.GetValue<string>() == type)
            {
                return e;
            }
        }
    }

    [StorageFact]
    public async Task Create_Group_AnnouncedToMembersWhoseLiveSocketsJoinIt()
    {
        var a = await ConnectedAsync();
        var b = await ConnectedAsync();
        var outsider = await ConnectedAsync();

        var created = (await a.Client.PostAsync("/api/v1/channels/create", new { name = "Team Blue", type = "group", user_ids = new[] { b.Id } })).Expect(HttpStatusCode.OK).Object;
        var id = created["id"]!.GetValue<string>();

        Assert.Equal("group", created["type"]!.GetValue<string>());
        Assert.Equal("team blue", created["name"]!.GetValue<string>());
        Assert.Equal(new[] { a.Id, b.Id }.Order(), created["user_ids"]!.AsArray().Select(x => x!.GetValue<string>()).Order());
        var announced = await b.Socket.NextAsync("events:channel");
        Assert.Equal("""{"data":{"type":"channel:created"}}""", announced!.ToJsonString());
        Assert.Empty(await outsider.Socket.BarrierAsync());

        // No user-join since: b's socket is in the room because the server put it there.
        (await a.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "hello", temp_id = "t-1" })).Expect(HttpStatusCode.OK);
        var message = await NextChannelEventAsync(b.Socket, "message");
        Assert.Equal(id, message["channel_id"]!.GetValue<string>());
        Assert.Equal("hello", message["data"]!["data"]!["content"]!.GetValue<string>());
        Assert.Equal("t-1", message["data"]!["data"]!["temp_id"]!.GetValue<string>());
        Assert.Equal(a.Id, message["user"]!["id"]!.GetValue<string>());
        Assert.Equal(id, message["channel"]!["id"]!.GetValue<string>());
        Assert.Empty(await outsider.Socket.BarrierAsync());
    }

    [StorageFact]
    public async Task OpenDirect_TwiceSameChannelAnnouncedOnce()
    {
        var a = await ConnectedAsync();
        var b = await ConnectedAsync();

        var first = (await a.Client.GetAsync("/api/v1/channels/users/" + b.Id)).Expect(HttpStatusCode.OK).Object;
        await b.Socket.NextAsync("events:channel");
        var again = (await b.Client.GetAsync("/api/v1/channels/users/" + a.Id)).Expect(HttpStatusCode.OK).Object;

        Assert.Equal("dm", first["type"]!.GetValue<string>());
        Assert.Equal(first["id"]!.GetValue<string>(), again["id"]!.GetValue<string>());
        Assert.Empty(await b.Socket.BarrierAsync());
        (await a.Client.GetAsync("/api/v1/channels/users/" + Guid.NewGuid())).Expect(HttpStatusCode.NotFound);
        var listed = (await b.Client.GetAsync("/api/v1/channels/")).Expect(HttpStatusCode.OK).Array;
        Assert.Contains(listed, c => c!["id"]!.GetValue<string>() == first["id"]!.GetValue<string>());
    }

    [StorageFact]
    public async Task Post_NotAMember_403NoEventNothingStored()
    {
        var a = await ConnectedAsync();
        var outsider = await ConnectedAsync();
        var admin = await ConnectedAsync("admin");
        var id = await GroupAsync(a.Client);
        await NextChannelEventAsync(a.Socket, "channel:created");

        (await outsider.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "intrusion" })).Expect(HttpStatusCode.Forbidden);
        (await admin.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "admin is no member" })).Expect(HttpStatusCode.Forbidden);
        (await outsider.Client.GetAsync($"/api/v1/channels/{id}/messages")).Expect(HttpStatusCode.Forbidden);
        (await outsider.Client.GetAsync($"/api/v1/channels/{id}")).Expect(HttpStatusCode.Forbidden);

        Assert.DoesNotContain("events:channel", await a.Socket.BarrierAsync());
        await using var db = await Host.DbAsync();
        Assert.False(await db.ChannelMessages.AnyAsync(m => m.ChannelId == id));
    }

    [StorageFact]
    public async Task Thread_ReplyEmitsMessageAndParentReplyAndListsCount()
    {
        var a = await ConnectedAsync();
        var id = await GroupAsync(a.Client);
        var parent = (await a.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "parent" })).Expect(HttpStatusCode.OK).Object["id"]!.GetValue<string>();
        await NextChannelEventAsync(a.Socket, "message");

        var reply = (await a.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "reply", parent_id = parent })).Expect(HttpStatusCode.OK).Object;

        Assert.Equal(parent, (await NextChannelEventAsync(a.Socket, "message"))["data"]!["data"]!["parent_id"]!.GetValue<string>());
        var replyEvent = await NextChannelEventAsync(a.Socket, "message:reply");
        Assert.Equal(parent, replyEvent["message_id"]!.GetValue<string>());
        Assert.Equal(1, replyEvent["data"]!["data"]!["reply_count"]!.GetValue<int>());
        var top = (await a.Client.GetAsync($"/api/v1/channels/{id}/messages")).Expect(HttpStatusCode.OK).Array;
        Assert.Single(top);
        Assert.Equal(1, top[0]!["reply_count"]!.GetValue<int>());
        var thread = (await a.Client.GetAsync($"/api/v1/channels/{id}/messages/{parent}/thread")).Expect(HttpStatusCode.OK).Array;
        Assert.Equal(reply["id"]!.GetValue<string>(), Assert.Single(thread)!["id"]!.GetValue<string>());
    }

    [StorageFact]
    public async Task Post_BadInput_400Or404()
    {
        var a = await ConnectedAsync();
        var id = await GroupAsync(a.Client);
        var other = await GroupAsync(a.Client);
        var foreign = (await a.Client.PostAsync($"/api/v1/channels/{other}/messages/post", new { content = "x" })).Expect(HttpStatusCode.OK).Object["id"]!.GetValue<string>();

        (await a.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { temp_id = "t" })).Expect(HttpStatusCode.BadRequest);
        (await a.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = 5 })).Expect(HttpStatusCode.BadRequest);
        (await a.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "x", parent_id = foreign })).Expect(HttpStatusCode.BadRequest);
        (await a.Client.PostAsync($"/api/v1/channels/{Guid.NewGuid()}/messages/post", new { content = "x" })).Expect(HttpStatusCode.NotFound);
        (await a.Client.GetAsync($"/api/v1/channels/{id}/messages/{foreign}")).Expect(HttpStatusCode.NotFound);
        (await a.Client.PostAsync("/api/v1/channels/create", new { type = "group" })).Expect(HttpStatusCode.BadRequest);
        (await a.Client.PostAsync("/api/v1/channels/create", new { name = "x", type = "weird" })).Expect(HttpStatusCode.BadRequest);
        (await a.Client.PostAsync("/api/v1/channels/create", new { name = "x", type = "group", user_ids = new[] { Guid.NewGuid().ToString() } })).Expect(HttpStatusCode.BadRequest);

        await using var db = await Host.DbAsync();
        Assert.False(await db.ChannelMessages.AnyAsync(m => m.ChannelId == id));
    }

    [StorageFact]
    public async Task UpdateAndDeleteMessage_AuthorOnly_Events()
    {
        var a = await ConnectedAsync();
        var b = await ConnectedAsync();
        var id = await GroupAsync(a.Client, b.Id);
        await b.Socket.NextAsync("events:channel");
        var mid = (await a.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "v1" })).Expect(HttpStatusCode.OK).Object["id"]!.GetValue<string>();
        await NextChannelEventAsync(b.Socket, "message");

        (await b.Client.PostAsync($"/api/v1/channels/{id}/messages/{mid}/update", new { content = "hijack" })).Expect(HttpStatusCode.Forbidden);
        (await b.Client.DeleteAsync($"/api/v1/channels/{id}/messages/{mid}/delete")).Expect(HttpStatusCode.Forbidden);
        Assert.Empty(await b.Socket.BarrierAsync());

        (await a.Client.PostAsync($"/api/v1/channels/{id}/messages/{mid}/update", new { content = "v2" })).Expect(HttpStatusCode.OK);
        Assert.Equal("v2", (await NextChannelEventAsync(b.Socket, "message:update"))["data"]!["data"]!["content"]!.GetValue<string>());

        (await a.Client.DeleteAsync($"/api/v1/channels/{id}/messages/{mid}/delete")).Expect(HttpStatusCode.OK);
        var deleted = await NextChannelEventAsync(b.Socket, "message:delete");
        Assert.Equal(mid, deleted["message_id"]!.GetValue<string>());
        (await a.Client.GetAsync($"/api/v1/channels/{id}/messages/{mid}")).Expect(HttpStatusCode.NotFound);
    }

    [StorageFact]
    public async Task Reactions_AddTwiceRemove_EventsAndCounts()
    {
        var a = await ConnectedAsync();
        var b = await ConnectedAsync();
        var id = await GroupAsync(a.Client, b.Id);
        var mid = (await a.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "react" })).Expect(HttpStatusCode.OK).Object["id"]!.GetValue<string>();

        (await b.Client.PostAsync($"/api/v1/channels/{id}/messages/{mid}/reactions/add", new { name = "thumbsup" })).Expect(HttpStatusCode.OK);
        (await b.Client.PostAsync($"/api/v1/channels/{id}/messages/{mid}/reactions/add", new { name = "thumbsup" })).Expect(HttpStatusCode.OK);
        var added = await NextChannelEventAsync(a.Socket, "message:reaction:add");

        Assert.Equal("thumbsup", added["data"]!["data"]!["name"]!.GetValue<string>());
        var message = (await a.Client.GetAsync($"/api/v1/channels/{id}/messages/{mid}")).Expect(HttpStatusCode.OK).Object;
        var reaction = Assert.Single(message["reactions"]!.AsArray())!;
        Assert.Equal(1, reaction["count"]!.GetValue<int>());
        Assert.Equal(b.Id, reaction["user_ids"]![0]!.GetValue<string>());

        (await b.Client.PostAsync($"/api/v1/channels/{id}/messages/{mid}/reactions/remove", new { name = "thumbsup" })).Expect(HttpStatusCode.OK);
        await NextChannelEventAsync(a.Socket, "message:reaction:remove");
        Assert.Empty((await a.Client.GetAsync($"/api/v1/channels/{id}/messages/{mid}")).Expect(HttpStatusCode.OK).Object["reactions"]!.AsArray());
        (await b.Client.PostAsync($"/api/v1/channels/{id}/messages/{mid}/reactions/add", new { })).Expect(HttpStatusCode.BadRequest);
    }

    [StorageFact]
    public async Task Standard_AdminOnlyCreatesGrantsDecideReadAndWrite()
    {
        var admin = await ConnectedAsync("admin");
        var reader = await ConnectedAsync();
        var stranger = await ConnectedAsync();

        (await reader.Client.PostAsync("/api/v1/channels/create", new { name = "general" })).Expect(HttpStatusCode.Forbidden);
        var acl = new { read = new { user_ids = new[] { reader.Id }, group_ids = Array.Empty<string>() }, write = new { user_ids = Array.Empty<string>(), group_ids = Array.Empty<string>() } };
        var created = (await admin.Client.PostAsync("/api/v1/channels/create", new { name = "Announcements", access_control = acl })).Expect(HttpStatusCode.OK).Object;
        var id = created["id"]!.GetValue<string>();

        Assert.Equal(reader.Id, created["access_control"]!["read"]!["user_ids"]![0]!.GetValue<string>());
        Assert.False((await reader.Client.GetAsync($"/api/v1/channels/{id}")).Expect(HttpStatusCode.OK).Object["write_access"]!.GetValue<bool>());
        (await reader.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "x" })).Expect(HttpStatusCode.Forbidden);
        (await stranger.Client.GetAsync($"/api/v1/channels/{id}")).Expect(HttpStatusCode.Forbidden);

        // access_control null: public, and open for posting (Open WebUI's non-strict write check).
        (await admin.Client.PostAsync($"/api/v1/channels/{id}/update", new { access_control = (object?)null })).Expect(HttpStatusCode.OK);
        await using (var db = await Host.DbAsync())
        {
            var grant = await db.AccessGrants.SingleAsync(g => g.ResourceId == id);
            Assert.Equal(("user", "*", "read"), (grant.PrincipalType, grant.PrincipalId, grant.Permission));
        }

        (await stranger.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "now open" })).Expect(HttpStatusCode.OK);
        Assert.Null((await stranger.Client.GetAsync($"/api/v1/channels/{id}")).Expect(HttpStatusCode.OK).Object["access_control"]);
    }

    [StorageFact]
    public async Task UpdateAndDeleteChannel_CreatorOrAdminOnly_Announced()
    {
        var a = await ConnectedAsync();
        var b = await ConnectedAsync();
        var id = await GroupAsync(a.Client, b.Id);
        await b.Socket.NextAsync("events:channel");

        (await b.Client.PostAsync($"/api/v1/channels/{id}/update", new { name = "taken over" })).Expect(HttpStatusCode.Forbidden);
        (await b.Client.DeleteAsync($"/api/v1/channels/{id}/delete")).Expect(HttpStatusCode.Forbidden);
        Assert.Empty(await b.Socket.BarrierAsync());

        var updated = (await a.Client.PostAsync($"/api/v1/channels/{id}/update", new { name = "Renamed", description = "d" })).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("renamed", updated["name"]!.GetValue<string>());
        Assert.Equal("renamed", (await NextChannelEventAsync(b.Socket, "channel:updated"))["channel"]!["name"]!.GetValue<string>());

        var members = (await b.Client.GetAsync($"/api/v1/channels/{id}/members")).Expect(HttpStatusCode.OK).Object;
        Assert.Equal(2, members["total"]!.GetValue<int>());

        (await a.Client.DeleteAsync($"/api/v1/channels/{id}/delete")).Expect(HttpStatusCode.OK);
        await NextChannelEventAsync(b.Socket, "channel:deleted");
        (await b.Client.GetAsync($"/api/v1/channels/{id}")).Expect(HttpStatusCode.NotFound);
        (await a.Client.PostAsync($"/api/v1/channels/{id}/messages/post", new { content = "x" })).Expect(HttpStatusCode.NotFound);
    }
}
