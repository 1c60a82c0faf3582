using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Chat;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Chat;

/// <summary>Gathered deltas are stored at once on stop and on shutdown, however long the gathering delay (G10).</summary>
public sealed class ChatFlushTests
{
    private static readonly Dictionary<string, string?> HourDelay = new() { ["Switchboard:ChatPersistDelay"] = "01:00:00" };

    private static async Task<(string ChatId, ChatEventTarget Target)> ChatAsync(ServerHost host)
    {
        var user = await Seed.UserAsync(host);
        var chatId = Seed.NewId();
        await using var db = await host.DbAsync();
        db.Chats.Add(new ChatRow { Id = chatId, UserId = user.Id, Chat = """{"history":{"currentId":"a1","messages":{"a1":{"id":"a1","role":"assistant","content":""}}}}""", CreatedAt = 1, UpdatedAt = 1 });
        await db.SaveChangesAsync();
        return (chatId, new ChatEventTarget { UserId = user.Id, ChatId = chatId, MessageId = "a1" });
    }

    private static JsonObject Delta(string text) => new() { ["type"] = "message", ["data"] = new JsonObject { ["content"] = text } };

    private static async Task<string?> ContentAsync(ServerHost host, string chatId)
    {
        await using var db = await host.DbAsync();
        var chat = JsonNode.Parse((await db.Chats.SingleAsync(c => c.Id == chatId)).Chat!)!;
        return (string?)chat["history"]!["messages"]!["a1"]!["content"];
    }

    [Fact]
    public async Task FlushChat_OnStop_StoresGatheredDeltas()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database, HourDelay);
        var emitter = host.Services.GetRequiredService<IChatEventEmitter>();
        var (chatId, target) = await ChatAsync(host);

        await emitter.EmitAsync(target, Delta("par")).WaitAsync(TimeSpan.FromSeconds(30));
        await emitter.EmitAsync(target, Delta("tial")).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("", await ContentAsync(host, chatId));

        await emitter.FlushChatAsync(chatId).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("partial", await ContentAsync(host, chatId));
    }

    [Fact]
    public async Task Shutdown_StoresGatheredDeltas()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        string chatId;
        await using (var host = await ServerHost.StartAsync(database, HourDelay))
        {
            var emitter = host.Services.GetRequiredService<IChatEventEmitter>();
            (chatId, var target) = await ChatAsync(host);
            await emitter.EmitAsync(target, Delta("last words")).WaitAsync(TimeSpan.FromSeconds(30));
        }

        await using var restarted = await ServerHost.StartAsync(database);
        Assert.Equal("last words", await ContentAsync(restarted, chatId));
    }
}
