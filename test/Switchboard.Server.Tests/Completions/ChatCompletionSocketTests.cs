using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Switchboard.Server.Tests.Completions.ChatEvents;

namespace Switchboard.Server.Tests.Completions;

/// <summary><c>POST /api/chat/completions</c> in the socket form (§5.1) against the fake upstream: events, order, storage, stop.</summary>
public sealed class ChatCompletionSocketTests(CompletionServerFixture fixture) : IClassFixture<CompletionServerFixture>
{
    private CompletionServer Server => fixture.Server;

    internal static async Task<string> StartAsync(HttpClient http, string sid, string chatId, string model, JsonObject? extra = null)
    {
        var body = new JsonObject
        {
            ["model"] = model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hello there" }),
            ["session_id"] = sid,
            ["chat_id"] = chatId,
            ["id"] = "a1",
            ["background_tasks"] = new JsonObject { ["title_generation"] = true },
        };
        foreach (var (key, value) in extra ?? [])
        {
            body[key] = value?.DeepClone();
        }

        using var response = await http.PostAsJsonAsync("/api/chat/completions", body).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(json["status"]!.GetValue<bool>());
        return json["task_id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Complete_2000Tokens_ReachesTwoTabsInOrderAndIsStored()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var a = await Server.ConnectAsync(user);
        var b = await Server.ConnectAsync(user);
        using var http = Server.Http(user);

        await StartAsync(http, a.Sid, chat, "fake-2000");

        var expected = Tokens(2000);
        foreach (var tab in new[] { a, b })
        {
            var events = await UntilAsync(tab, "a1", IsInactive);
            Assert.Equal("chat:active", Type(events[0]));
            Assert.True(Data(events[0])!["active"]!.GetValue<bool>());
            var contents = events.Where(e => Type(e) == "chat:completion" && Data(e)?["content"] is not null && Data(e)?["done"] is null)
                .Select(e => Data(e)!["content"]!.GetValue<string>()).ToList();
            Assert.Equal(2000, contents.Count); // CHAT_RESPONSE_STREAM_DELTA_CHUNK_SIZE = 1: one event per delta
            for (var i = 1; i < contents.Count; i++)
            {
                Assert.StartsWith(contents[i - 1], contents[i], StringComparison.Ordinal); // in order, each the whole content so far
            }

            var done = Data(events.Single(IsDone))!;
            Assert.Equal(expected, done["content"]!.GetValue<string>());
            Assert.Equal("a chat", done["title"]!.GetValue<string>());
            Assert.Equal(2000, Data(events.Single(e => Type(e) == "chat:completion" && Data(e)?["usage"] is not null))!["usage"]!["completion_tokens"]!.GetValue<int>());
            Assert.True(events.FindIndex(IsDone) < events.Count - 1, "chat:active false comes after done");
        }

        var stored = (await Server.StoredMessageAsync(chat))!;
        Assert.Equal(expected, stored["content"]!.GetValue<string>());
        Assert.True(stored["done"]!.GetValue<bool>());
        Assert.Equal(2000, stored["usage"]!["completion_tokens"]!.GetValue<int>());
        Assert.Null(stored["error"]);
    }

    [Fact]
    public async Task Complete_NoSocketConnected_StoresTheReply()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);

        await StartAsync(http, "gone-socket-id", chat, "fake-model");

        await CompletionServer.WaitForAsync(async () => (await Server.StoredMessageAsync(chat))?["done"]?.GetValue<bool>() == true, "the stored reply");
        var stored = (await Server.StoredMessageAsync(chat))!;
        Assert.Equal(Tokens(20), stored["content"]!.GetValue<string>());
        Assert.Equal(20, stored["usage"]!["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Complete_ForwardsTheRequestWithoutOpenWebUIFieldsAndWithTheKey()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var tab = await Server.ConnectAsync(user);
        using var http = Server.Http(user);

        await StartAsync(http, tab.Sid, chat, "fake-model", new JsonObject { ["temperature"] = 0.5, ["stream"] = false });
        await UntilAsync(tab, "a1", IsInactive);

        var stats = await Server.Upstream.StatsAsync();
        var body = stats["last_body"]!.AsObject();
        Assert.Equal("Bearer " + CompletionServer.ApiKey, stats["last_authorization"]!.GetValue<string>());
        Assert.Equal(0.5, body["temperature"]!.GetValue<double>());
        Assert.True(body["stream"]!.GetValue<bool>());
        Assert.Null(body["session_id"]);
        Assert.Null(body["chat_id"]);
        Assert.Null(body["id"]);
        Assert.Null(body["background_tasks"]);
    }

    [Fact]
    public async Task Complete_ChunkSize_BatchesCompatibleEvents()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var tab = await Server.ConnectAsync(user);
        using var http = Server.Http(user);

        await StartAsync(http, tab.Sid, chat, "fake-model", new JsonObject { ["params"] = new JsonObject { ["stream_delta_chunk_size"] = 8 } });
        var events = await UntilAsync(tab, "a1", IsDone);

        var contents = events.Where(e => Type(e) == "chat:completion" && Data(e)?["content"] is not null && Data(e)?["done"] is null)
            .Select(e => Data(e)!["content"]!.GetValue<string>()).ToList();
        Assert.Equal([Tokens(8), Tokens(16), Tokens(20)], contents); // 20 deltas in batches of 8, the rest at the end
    }

    [Fact]
    public async Task Stop_MidStream_CancelsTheUpstreamRequestAndStoresWhatArrived()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var tab = await Server.ConnectAsync(user);
        using var http = Server.Http(user);
        var abortedBefore = await Server.Upstream.StatAsync("aborted");

        var taskId = await StartAsync(http, tab.Sid, chat, "fake-2000", new JsonObject { ["fake_pause_at"] = 300 });
        await UntilAsync(tab, "a1", e => Type(e) == "chat:completion" && Data(e)?["content"]?.GetValue<string>() == Tokens(300));
        var listed = await http.GetFromJsonAsync<JsonObject>($"/api/tasks/chat/{chat}").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal([taskId], listed!["task_ids"]!.AsArray().Select(t => t!.GetValue<string>()));

        using var stop = await http.PostAsync($"/api/tasks/stop/{taskId}", null).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        await CompletionServer.WaitForAsync(async () => await Server.Upstream.StatAsync("aborted") > abortedBefore, "the fake upstream to see the request cancelled");
        var events = await UntilAsync(tab, "a1", IsInactive);
        Assert.Contains(events, e => Type(e) == "chat:tasks:cancel");
        Assert.DoesNotContain(events, IsDone);
        var stored = (await Server.StoredMessageAsync(chat))!;
        Assert.Equal(Tokens(300), stored["content"]!.GetValue<string>());
        Assert.True(stored["done"]!.GetValue<bool>());
        var after = await http.GetFromJsonAsync<JsonObject>($"/api/tasks/chat/{chat}").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(after!["task_ids"]!.AsArray());
    }

    [Fact]
    public async Task Complete_LocalChat_StreamsAndStoresNothing()
    {
        var (user, _) = await Server.UserWithChatAsync();
        var tab = await Server.ConnectAsync(user);
        using var http = Server.Http(user);

        await StartAsync(http, tab.Sid, "local:" + tab.Sid, "fake-model");
        var events = await UntilAsync(tab, "a1", IsInactive);

        Assert.Equal(Tokens(20), Data(events.Single(IsDone))!["content"]!.GetValue<string>());
        Assert.Null(Data(events.Single(IsDone))!["title"]);
    }

    [Fact]
    public async Task Complete_TooManyRunningTasks_Answers429()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var tab = await Server.ConnectAsync(user);
        using var http = Server.Http(user);
        var pausedBefore = await Server.Upstream.StatAsync("paused");
        var running = new List<string>();
        for (var i = 0; i < 16; i++)
        {
            running.Add(await StartAsync(http, tab.Sid, chat, "fake-model", new JsonObject { ["id"] = $"m{i}", ["fake_pause_at"] = 1 }));
        }

        using var refused = await http.PostAsJsonAsync("/api/chat/completions", new JsonObject
        {
            ["model"] = "fake-model", ["messages"] = new JsonArray(), ["session_id"] = tab.Sid, ["chat_id"] = chat, ["id"] = "m16",
        }).WaitAsync(TimeSpan.FromSeconds(30));
        await CompletionServer.WaitForAsync(async () => await Server.Upstream.StatAsync("paused") >= pausedBefore + 16, "the pauses");
        foreach (var id in running)
        {
            (await http.PostAsync($"/api/tasks/stop/{id}", null).WaitAsync(TimeSpan.FromSeconds(30))).Dispose();
        }

        Assert.Equal((HttpStatusCode)429, refused.StatusCode);
    }

    [Fact]
    public async Task Echo_StreamsTheLastUserMessageBackWordByWord()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var tab = await Server.ConnectAsync(user);
        using var http = Server.Http(user);

        await StartAsync(http, tab.Sid, chat, "echo", new JsonObject
        {
            ["messages"] = new JsonArray(
                new JsonObject { ["role"] = "user", ["content"] = "first question" },
                new JsonObject { ["role"] = "assistant", ["content"] = "an answer" },
                new JsonObject { ["role"] = "user", ["content"] = "say  this back\nplease" }),
        });
        var events = await UntilAsync(tab, "a1", IsDone);

        var contents = events.Where(e => Type(e) == "chat:completion" && Data(e)?["content"] is not null && Data(e)?["done"] is null)
            .Select(e => Data(e)!["content"]!.GetValue<string>()).ToList();
        Assert.Equal(["say  ", "say  this ", "say  this back\n", "say  this back\nplease"], contents);
        Assert.Equal("say  this back\nplease", Data(events[^1])!["content"]!.GetValue<string>());
        Assert.Equal("say  this back\nplease", (await Server.StoredMessageAsync(chat))!["content"]!.GetValue<string>());
    }
}
