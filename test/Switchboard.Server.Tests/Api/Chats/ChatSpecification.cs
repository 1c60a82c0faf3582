using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Chats;

/// <summary><c>/api/v1/chats</c> on both databases: both storage forms, ownership, and no real-time events.</summary>
public abstract class ChatSpecification(ApiServerFixture fixture) : ApiSpecification(fixture)
{
    private static JsonObject NewChat(string title, string answer = "hi there") => new()
    {
        ["title"] = title,
        ["models"] = new JsonArray("echo"),
        ["history"] = new JsonObject
        {
            ["currentId"] = "m2",
            ["messages"] = new JsonObject
            {
                ["m1"] = new JsonObject { ["id"] = "m1", ["parentId"] = null, ["childrenIds"] = new JsonArray("m2"), ["role"] = "user", ["content"] = "hello", ["timestamp"] = 1700000000 },
                ["m2"] = new JsonObject { ["id"] = "m2", ["parentId"] = "m1", ["childrenIds"] = new JsonArray(), ["role"] = "assistant", ["content"] = answer, ["model"] = "echo", ["done"] = true, ["timestamp"] = 1700000001 },
            },
        },
    };

    private static async Task<string> CreateAsync(ApiClient client, string title = "My chat") =>
        (await client.PostAsync("/api/v1/chats/new", new JsonObject { ["chat"] = NewChat(title) }.ToJsonString())).Expect(HttpStatusCode.OK).Object["id"]!.GetValue<string>();

    [StorageFact]
    public async Task Create_WritesChatAndMessageRows_OwnerGetsIt()
    {
        var (user, client) = await UserAsync();
        var socket = await ConnectAsync(client);

        var created = (await client.PostAsync("/api/v1/chats/new", new JsonObject { ["chat"] = NewChat("Trip plans") }.ToJsonString())).Expect(HttpStatusCode.OK).Object;
        var id = created["id"]!.GetValue<string>();

        Assert.Equal("Trip plans", created["title"]!.GetValue<string>());
        Assert.Equal(user.Id, created["user_id"]!.GetValue<string>());
        Assert.False(created["archived"]!.GetValue<bool>());
        var got = (await client.GetAsync("/api/v1/chats/" + id)).Expect(HttpStatusCode.OK).Object;
        Assert.Equal("hi there", got["chat"]!["history"]!["messages"]!["m2"]!["content"]!.GetValue<string>());
        await using (var db = await Host.DbAsync())
        {
            var rows = await db.ChatMessages.Where(m => m.ChatId == id).OrderBy(m => m.Id).ToListAsync();
            Assert.Equal(new[] { id + "-m1", id + "-m2" }, rows.Select(r => r.Id));
            Assert.Equal("m1", rows[1].ParentId);
            Assert.Equal("echo", rows[1].ModelId);
        }

        Assert.Empty(await socket.BarrierAsync());
    }

    [StorageFact]
    public async Task List_OwnChatsOnlyNewestFirst()
    {
        var (_, client) = await UserAsync();
        var (_, other) = await UserAsync();
        var first = await CreateAsync(client, "first");
        var second = await CreateAsync(client, "second");
        var foreign = await CreateAsync(other, "foreign");

        var list = (await client.GetAsync("/api/v1/chats/")).Expect(HttpStatusCode.OK).Array.Select(c => c!["id"]!.GetValue<string>()).ToList();
        var paged = (await client.GetAsync("/api/v1/chats/?page=1")).Expect(HttpStatusCode.OK).Array;

        Assert.Equal(2, list.Count);
        Assert.Contains(first, list);
        Assert.Contains(second, list);
        Assert.DoesNotContain(foreign, list);
        Assert.Equal(2, paged.Count);
    }

    [StorageFact]
    public async Task Get_AnotherUsersChat_404ForUsersAndAdmins()
    {
        var (_, owner) = await UserAsync();
        var (_, other) = await UserAsync();
        var (_, admin) = await UserAsync("admin");
        var id = await CreateAsync(owner);

        (await other.GetAsync("/api/v1/chats/" + id)).Expect(HttpStatusCode.NotFound);
        (await admin.GetAsync("/api/v1/chats/" + id)).Expect(HttpStatusCode.NotFound);
        (await other.PostAsync("/api/v1/chats/" + id, new { chat = new { title = "stolen" } })).Expect(HttpStatusCode.NotFound);
        (await other.DeleteAsync("/api/v1/chats/" + id)).Expect(HttpStatusCode.NotFound);
        (await Anonymous().GetAsync("/api/v1/chats/" + id)).Expect(HttpStatusCode.Unauthorized);

        Assert.Equal("My chat", (await owner.GetAsync("/api/v1/chats/" + id)).Expect(HttpStatusCode.OK).Object["title"]!.GetValue<string>());
    }

    [StorageFact]
    public async Task Update_MergesKeysRewritesRowsDropsRemovedMessages()
    {
        var (_, client) = await UserAsync();
        var id = await CreateAsync(client);
        var history = NewChat("x", "edited answer")["history"]!.AsObject();
        history["messages"]!.AsObject().Remove("m2");

        var updated = (await client.PostAsync("/api/v1/chats/" + id, new JsonObject { ["chat"] = new JsonObject { ["title"] = "Renamed", ["history"] = history.DeepClone() } }.ToJsonString())).Expect(HttpStatusCode.OK).Object;

        Assert.Equal("Renamed", updated["title"]!.GetValue<string>());
        Assert.Equal("echo", updated["chat"]!["models"]![0]!.GetValue<string>());
        await using var db = await Host.DbAsync();
        Assert.Equal(new[] { id + "-m1" }, await db.ChatMessages.Where(m => m.ChatId == id).Select(m => m.Id).ToListAsync());
    }

    [StorageFact]
    public async Task Get_MessagesOnlyInRows_RebuiltIntoHistory()
    {
        var (user, client) = await UserAsync();
        var id = Seed.NewId();
        await using (var db = await Host.DbAsync())
        {
            db.Chats.Add(new ChatRow { Id = id, UserId = user.Id, Title = "compacted", Chat = """{"title":"compacted","history":{"currentId":"b"}}""", CreatedAt = 1, UpdatedAt = 1 });
            db.ChatMessages.Add(new ChatMessageRow { Id = id + "-a", ChatId = id, UserId = user.Id, Role = "user", Content = "\"question\"", CreatedAt = 1, UpdatedAt = 1 });
            db.ChatMessages.Add(new ChatMessageRow { Id = id + "-b", ChatId = id, UserId = user.Id, Role = "assistant", ParentId = "a", Content = "\"answer\"", Done = true, CreatedAt = 2, UpdatedAt = 2 });
            await db.SaveChangesAsync();
        }

        var chat = (await client.GetAsync("/api/v1/chats/" + id)).Expect(HttpStatusCode.OK).Object["chat"]!;

        Assert.Equal("answer", chat["history"]!["messages"]!["b"]!["content"]!.GetValue<string>());
        Assert.Equal("b", chat["history"]!["messages"]!["a"]!["childrenIds"]![0]!.GetValue<string>());
    }

    [StorageFact]
    public async Task Delete_OwnerOrAdmin_ChatAndRowsGone()
    {
        var (_, owner) = await UserAsync();
        var (_, admin) = await UserAsync("admin");
        var mine = await CreateAsync(owner);
        var byAdmin = await CreateAsync(owner);

        Assert.True((await owner.DeleteAsync("/api/v1/chats/" + mine)).Expect(HttpStatusCode.OK).Json!.GetValue<bool>());
        (await admin.DeleteAsync("/api/v1/chats/" + byAdmin)).Expect(HttpStatusCode.OK);

        (await owner.GetAsync("/api/v1/chats/" + mine)).Expect(HttpStatusCode.NotFound);
        await using var db = await Host.DbAsync();
        Assert.False(await db.ChatMessages.AnyAsync(m => m.ChatId == mine || m.ChatId == byAdmin));
        Assert.False(await db.Chats.AnyAsync(c => c.Id == mine || c.Id == byAdmin));
    }

    [StorageFact]
    public async Task BadInput_400AndNothingWritten()
    {
        var (user, client) = await UserAsync();

        (await client.PostAsync("/api/v1/chats/new", new { })).Expect(HttpStatusCode.BadRequest);
        (await client.PostAsync("/api/v1/chats/new", new { chat = "text" })).Expect(HttpStatusCode.BadRequest);
        (await client.PostAsync("/api/v1/chats/new", new { chat = new { history = new { messages = new[] { 1 } } } })).Expect(HttpStatusCode.BadRequest);
        (await client.PostAsync("/api/v1/chats/new", new { chat = new { title = 3 } })).Expect(HttpStatusCode.BadRequest);
        (await client.SendAsync(HttpMethod.Post, "/api/v1/chats/new", "{\"chat\":")).Expect(HttpStatusCode.BadRequest);
        var huge = new JsonObject { ["chat"] = new JsonObject { ["title"] = new string('x', 5 * 1024 * 1024) } }.ToJsonString();
        (await client.SendAsync(HttpMethod.Post, "/api/v1/chats/new", huge)).Expect(HttpStatusCode.RequestEntityTooLarge);

        await using var db = await Host.DbAsync();
        Assert.False(await db.Chats.AnyAsync(c => c.UserId == user.Id));
    }
}
