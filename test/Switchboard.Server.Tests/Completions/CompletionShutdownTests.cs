using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Completions;

/// <summary>A reply streaming when the server stops is stored as far as it arrived (and the upstream request ends).</summary>
public sealed class CompletionShutdownTests
{
    [Fact]
    public async Task Shutdown_MidStream_StoresWhatArrived()
    {
        await using var upstream = await FakeOpenAI.StartAsync();
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var settings = new Dictionary<string, string?> { ["OPENAI_API_BASE_URLS"] = upstream.BaseUrl };
        var chatId = Seed.NewId();
        await using (var host = await ServerHost.StartAsync(database, settings))
        {
            var user = await Seed.UserAsync(host);
            await using (var db = await host.DbAsync())
            {
                db.Chats.Add(new ChatRow { Id = chatId, UserId = user.Id, Chat = """{"history":{"currentId":"a1","messages":{}}}""", CreatedAt = 1, UpdatedAt = 1 });
                await db.SaveChangesAsync();
            }

            using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromSeconds(30) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", CompletionServer.TokenFor(user.Id));
            var body = new JsonObject
            {
                ["model"] = "fake-2000",
                ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
                ["session_id"] = "no-tab",
                ["chat_id"] = chatId,
                ["id"] = "a1",
                ["fake_pause_at"] = 50,
            };
            using var response = await http.PostAsJsonAsync("/api/chat/completions", body);
            response.EnsureSuccessStatusCode();
            await CompletionServer.WaitForAsync(async () => await upstream.StatAsync("paused") == 1, "the pause");
        }

        await CompletionServer.WaitForAsync(async () => await upstream.StatAsync("aborted") == 1, "the upstream request to end");
        await using var restarted = await ServerHost.StartAsync(database, settings);
        await using var check = await restarted.DbAsync();
        var message = JsonNode.Parse(check.Chats.Single(c => c.Id == chatId).Chat!)!["history"]!["messages"]!["a1"]!;
        // What arrived: the fake has written 50 tokens when it counts the pause, but the server may not have read them
        // all when the host stops (nothing here can see its reads), so the stored text is a non-empty prefix of them.
        var stored = message["content"]!.GetValue<string>();
        Assert.True(stored.Length > 0 && ChatEvents.Tokens(50).StartsWith(stored, StringComparison.Ordinal), stored);
        Assert.True(message["done"]!.GetValue<bool>());
        Assert.Equal("assistant", message["role"]!.GetValue<string>());
    }
}
