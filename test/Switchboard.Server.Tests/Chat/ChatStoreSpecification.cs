using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Chat;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Chat;

/// <summary>Emitter persistence with the G10 fixes, on SQLite and on PostgreSQL.</summary>
public abstract class ChatStoreSpecification(ServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private ServerHost Host => fixture.Host;

    private IChatEventEmitter Emitter => Host.Services.GetRequiredService<IChatEventEmitter>();

    private async Task<(string ChatId, string UserId)> ChatAsync(string messagesJson, string currentId)
    {
        var user = await Seed.UserAsync(Host);
        var chatId = Seed.NewId();
        var chat = $$"""{"title":"t","models":["m"],"history":{"currentId":"{{currentId}}","messages":{{messagesJson}}},"messages":[]}""";
        await using var db = await Host.DbAsync();
        db.Chats.Add(new ChatRow { Id = chatId, UserId = user.Id, Title = "t", Chat = chat, CreatedAt = 1, UpdatedAt = 1 });
        await db.SaveChangesAsync();
        return (chatId, user.Id);
    }

    private async Task<JsonObject> StoredChatAsync(string chatId)
    {
        await using var db = await Host.DbAsync();
        var row = await db.Chats.SingleAsync(c => c.Id == chatId);
        return JsonNode.Parse(row.Chat!)!.AsObject();
    }

    private async Task<ChatMessageRow?> StoredRowAsync(string chatId, string messageId)
    {
        await using var db = await Host.DbAsync();
        return await db.ChatMessages.SingleOrDefaultAsync(m => m.Id == chatId + "-" + messageId);
    }

    private static JsonObject Event(string type, string data) => new() { ["type"] = type, ["data"] = JsonNode.Parse(data) };

    [StorageFact]
    public async Task Emit_Replace_UpdatesOnlyThatMessageAndKeepsCurrentId()
    {
        var (chatId, userId) = await ChatAsync("""{"u1":{"id":"u1","role":"user","content":"hi"},"a1":{"id":"a1","role":"assistant","content":"","parentId":"u1"},"a2":{"id":"a2","role":"assistant","content":"other branch"}}""", "a2");
        var target = new ChatEventTarget { UserId = userId, ChatId = chatId, MessageId = "a1" };

        await Emitter.EmitAsync(target, Event("replace", """{"content":"answer"}""")).WaitAsync(Timeout);

        var chat = await StoredChatAsync(chatId);
        Assert.Equal("a2", (string?)chat["history"]!["currentId"]);
        Assert.Equal("answer", (string?)chat["history"]!["messages"]!["a1"]!["content"]);
        Assert.Equal("u1", (string?)chat["history"]!["messages"]!["a1"]!["parentId"]);
        Assert.Equal("other branch", (string?)chat["history"]!["messages"]!["a2"]!["content"]);
        Assert.Equal("hi", (string?)chat["history"]!["messages"]!["u1"]!["content"]);
        var row = await StoredRowAsync(chatId, "a1");
        Assert.NotNull(row);
        Assert.Equal("\"answer\"", row.Content);
        Assert.Equal("u1", row.ParentId);
        Assert.Equal(userId, row.UserId);
    }

    [StorageFact]
    public async Task Emit_Deltas_StoredInOrderOnDone()
    {
        var (chatId, userId) = await ChatAsync("""{"a1":{"id":"a1","role":"assistant","content":""}}""", "a1");
        var target = new ChatEventTarget { UserId = userId, ChatId = chatId, MessageId = "a1" };

        for (var i = 0; i < 50; i++)
        {
            await Emitter.EmitAsync(target, Event("message", $$"""{"content":"{{i}},"}""")).WaitAsync(Timeout);
        }

        await Emitter.EmitAsync(target, Event("chat:completion", """{"done":true}""")).WaitAsync(Timeout);

        var expected = string.Concat(Enumerable.Range(0, 50).Select(i => $"{i},"));
        Assert.Equal(expected, (string?)(await StoredChatAsync(chatId))["history"]!["messages"]!["a1"]!["content"]);
        Assert.Equal(JsonValue.Create(expected).ToJsonString(), (await StoredRowAsync(chatId, "a1"))!.Content);
    }

    [StorageFact]
    public async Task Emit_Deltas_DurableWithoutDone()
    {
        var (chatId, userId) = await ChatAsync("""{"a1":{"id":"a1","role":"assistant","content":"x"}}""", "a1");
        var target = new ChatEventTarget { UserId = userId, ChatId = chatId, MessageId = "a1" };

        await Emitter.EmitAsync(target, Event("message", """{"content":"y"}""")).WaitAsync(Timeout);

        // Stored by the gathering delay alone (no done, no flush): wait on the condition, never on a duration.
        using var cts = new CancellationTokenSource(Timeout);
        while ((string?)(await StoredChatAsync(chatId))["history"]!["messages"]!["a1"]!["content"] != "xy")
        {
            await Task.Delay(20, cts.Token);
        }
    }

    [StorageFact]
    public async Task Emit_ConcurrentWritersOnTwoMessages_NoLostUpdate()
    {
        var (chatId, userId) = await ChatAsync("""{"a1":{"id":"a1","role":"assistant","content":""},"a2":{"id":"a2","role":"assistant","content":""}}""", "a1");

        // Two producers (two replies of one chat, e.g. two models) write statuses at the same time.
        var writers = new[] { "a1", "a2" }.Select(id => Task.Run(async () =>
        {
            var target = new ChatEventTarget { UserId = userId, ChatId = chatId, MessageId = id };
            for (var i = 0; i < 20; i++)
            {
                await Emitter.EmitAsync(target, Event("status", $$"""{"description":"{{id}}-{{i}}"}"""));
            }
        }));
        await Task.WhenAll(writers).WaitAsync(Timeout);

        var messages = (await StoredChatAsync(chatId))["history"]!["messages"]!;
        Assert.Equal(20, messages["a1"]!["statusHistory"]!.AsArray().Count);
        Assert.Equal(20, messages["a2"]!["statusHistory"]!.AsArray().Count);
    }

    [StorageFact]
    public async Task Emit_MissingChat_DeliveredNotThrown()
    {
        var user = await Seed.UserAsync(Host);
        var target = new ChatEventTarget { UserId = user.Id, ChatId = Seed.NewId(), MessageId = "a1" };

        await Emitter.EmitAsync(target, Event("replace", """{"content":"x"}""")).WaitAsync(Timeout);
        await Emitter.EmitAsync(target, Event("files", """{"files":[{"url":"/x.png"}]}""")).WaitAsync(Timeout);
    }

    [StorageFact]
    public async Task Emit_LocalOrNullChat_NotStored()
    {
        var (chatId, userId) = await ChatAsync("""{"a1":{"id":"a1","role":"assistant","content":"keep"}}""", "a1");

        await Emitter.EmitAsync(new ChatEventTarget { UserId = userId, ChatId = "local:" + chatId, MessageId = "a1" }, Event("replace", """{"content":"x"}""")).WaitAsync(Timeout);
        await Emitter.EmitAsync(new ChatEventTarget { UserId = userId, ChatId = null, MessageId = "a1" }, Event("replace", """{"content":"x"}""")).WaitAsync(Timeout);

        Assert.Equal("keep", (string?)(await StoredChatAsync(chatId))["history"]!["messages"]!["a1"]!["content"]);
    }

    [StorageFact]
    public async Task Emit_StatusOnMissingMessage_Skipped_ReplaceCreatesIt()
    {
        var (chatId, userId) = await ChatAsync("{}", "");
        var target = new ChatEventTarget { UserId = userId, ChatId = chatId, MessageId = "new" };

        await Emitter.EmitAsync(target, Event("status", """{"description":"x"}""")).WaitAsync(Timeout);
        Assert.Null((await StoredChatAsync(chatId))["history"]!["messages"]!["new"]);

        await Emitter.EmitAsync(target, Event("replace", """{"content":"made"}""")).WaitAsync(Timeout);
        Assert.Equal("made", (string?)(await StoredChatAsync(chatId))["history"]!["messages"]!["new"]!["content"]);
    }

    [StorageFact]
    public async Task Emit_ChatWithoutHistory_HistoryCreated()
    {
        var user = await Seed.UserAsync(Host);
        var chatId = Seed.NewId();
        await using (var db = await Host.DbAsync())
        {
            db.Chats.Add(new ChatRow { Id = chatId, UserId = user.Id, Chat = """{"title":"t"}""", CreatedAt = 1, UpdatedAt = 1 });
            await db.SaveChangesAsync();
        }

        await Emitter.EmitAsync(new ChatEventTarget { UserId = user.Id, ChatId = chatId, MessageId = "a1" }, Event("replace", """{"content":"c"}""")).WaitAsync(Timeout);

        var chat = await StoredChatAsync(chatId);
        Assert.Equal("t", (string?)chat["title"]);
        Assert.Equal("c", (string?)chat["history"]!["messages"]!["a1"]!["content"]);
    }

    // Old Open WebUI releases left some JSON columns as a JSON string of JSON text (openwebui-schema.md §2): the
    // database's JSON functions cannot see into it, so the message is found and written through the whole chat.
    [StorageFact]
    public async Task Emit_ChatStoredAsJsonString_MessageKeptAndUpdated()
    {
        var user = await Seed.UserAsync(Host);
        var chatId = Seed.NewId();
        var inner = """{"title":"t","history":{"currentId":"a1","messages":{"u1":{"id":"u1","role":"user","content":"hi"},"a1":{"id":"a1","role":"assistant","content":"","parentId":"u1"}}}}""";
        await using (var db = await Host.DbAsync())
        {
            db.Chats.Add(new ChatRow { Id = chatId, UserId = user.Id, Chat = System.Text.Json.JsonSerializer.Serialize(inner), CreatedAt = 1, UpdatedAt = 1 });
            await db.SaveChangesAsync();
        }

        await Emitter.EmitAsync(new ChatEventTarget { UserId = user.Id, ChatId = chatId, MessageId = "a1" }, Event("replace", """{"content":"answer"}""")).WaitAsync(Timeout);

        var chat = await StoredChatAsync(chatId);
        Assert.Equal("a1", (string?)chat["history"]!["currentId"]);
        Assert.Equal("answer", (string?)chat["history"]!["messages"]!["a1"]!["content"]);
        Assert.Equal("u1", (string?)chat["history"]!["messages"]!["a1"]!["parentId"]);
        Assert.Equal("hi", (string?)chat["history"]!["messages"]!["u1"]!["content"]);
    }
}
