using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using static Switchboard.Server.Tests.Completions.ChatEvents;

namespace Switchboard.Server.Tests.Completions;

/// <summary>The HTTP form (server-sent events like an OpenAI endpoint), <c>/api/models</c>, and who may do what.</summary>
public sealed class CompletionHttpTests(CompletionServerFixture fixture) : IClassFixture<CompletionServerFixture>
{
    private CompletionServer Server => fixture.Server;

    private static JsonObject Body(string model, string prompt = "hello there") => new()
    {
        ["model"] = model,
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt }),
    };

    private static async Task<(string Content, List<string> Data)> ReadSseAsync(HttpResponseMessage response)
    {
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var data = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(e => Assert.IsType<string>(e.StartsWith("data: ", StringComparison.Ordinal) ? e[6..] : null)).ToList();
        var content = new StringBuilder();
        foreach (var d in data.Where(d => d != "[DONE]"))
        {
            content.Append(JsonNode.Parse(d)!["choices"]?[0]?["delta"]?["content"]?.GetValue<string>());
        }

        return (content.ToString(), data);
    }

    [Fact]
    public async Task Complete_WithoutSocketFields_StreamsServerSentEvents()
    {
        var (user, _) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);
        var body = Body("fake-model");
        body["fake_tokens"] = 5;

        using var response = await http.PostAsJsonAsync("/api/chat/completions", body).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (content, data) = await ReadSseAsync(response);
        Assert.Equal(Tokens(5), content);
        Assert.Equal("[DONE]", data[^1]);
        Assert.Equal(5, JsonNode.Parse(data[^2])!["usage"]!["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Complete_Echo_StreamsServerSentEvents()
    {
        var (user, _) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);

        using var response = await http.PostAsJsonAsync("/api/chat/completions", Body("echo", "one two three")).WaitAsync(TimeSpan.FromSeconds(30));

        var (content, data) = await ReadSseAsync(response);
        Assert.Equal("one two three", content);
        Assert.Equal(5, data.Count); // three words, the finish chunk with usage, [DONE]
    }

    [Fact]
    public async Task Complete_StreamFalse_AnswersOneCompletion()
    {
        var (user, _) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);
        var body = Body("echo", "just this");
        body["stream"] = false;

        using var response = await http.PostAsJsonAsync("/api/chat/completions", body).WaitAsync(TimeSpan.FromSeconds(30));

        var json = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("chat.completion", json["object"]!.GetValue<string>());
        Assert.Equal("just this", json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
        Assert.Equal(2, json["usage"]!["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task Completed_AnswersTheMessagesUnchanged()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);
        var body = new JsonObject
        {
            ["model"] = "echo",
            ["messages"] = new JsonArray(new JsonObject { ["id"] = "a1", ["role"] = "assistant", ["content"] = "hi" }),
            ["chat_id"] = chat,
            ["id"] = "a1",
        };

        using var response = await http.PostAsJsonAsync("/api/chat/completed", body).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body.ToJsonString(), (await response.Content.ReadFromJsonAsync<JsonObject>())!.ToJsonString());
    }

    [Fact]
    public async Task Complete_HttpClientGoesAway_CancelsTheUpstreamRequest()
    {
        var (user, _) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);
        var abortedBefore = await Server.Upstream.StatAsync("aborted");
        var body = Body("fake-2000");
        body["fake_pause_at"] = 10;

        using (var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat/completions") { Content = JsonContent.Create(body) })
        using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30)))
        {
            await using var stream = await response.Content.ReadAsStreamAsync();
            Assert.True(await stream.ReadAsync(new byte[64]).AsTask().WaitAsync(TimeSpan.FromSeconds(30)) > 0);
        }

        await CompletionServer.WaitForAsync(async () => await Server.Upstream.StatAsync("aborted") > abortedBefore, "the upstream request to be cancelled");
    }

    [Fact]
    public async Task Complete_UpstreamFailsBeforeStreaming_AnswersItsStatusWithDetail()
    {
        var (user, _) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);

        using var response = await http.PostAsJsonAsync("/api/chat/completions", Body("fake-fail")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("failed on purpose", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[1, 2]""", "JSON object")]
    [InlineData("""{"messages": []}""", "'model'")]
    [InlineData("""{"model": "echo"}""", "'messages'")]
    [InlineData("""{"model": "echo", "messages": [], "chat_id": 5}""", "'chat_id'")]
    [InlineData("""{"model": "echo", "messages": [], "stream": "yes"}""", "'stream'")]
    [InlineData("""{"model": "echo", "messages": [""", "not valid JSON")]
    public async Task Complete_BadBody_Answers400WithDetail(string body, string detail)
    {
        var (user, _) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);

        using var response = await http.PostAsync("/api/chat/completions", new StringContent(body, Encoding.UTF8, "application/json")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    // Without Content-Length (chunked) the body is read in growing pieces: a large one arrives whole.
    [Fact]
    public async Task Complete_LargeChunkedBody_IsReadWhole()
    {
        var (user, _) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);
        var word = new string('x', 300_000);
        var body = Body("echo", word);
        body["stream"] = false;
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body.ToJsonString())));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await http.PostAsync("/api/chat/completions", content).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = (await response.Content.ReadFromJsonAsync<JsonObject>().WaitAsync(TimeSpan.FromSeconds(30)))!;
        Assert.Equal(word, json["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }

    // Over Completions:MaxRequestBytes (16 MiB): refused with 413, announced by Content-Length or found while reading.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Complete_BodyOverTheLimit_Answers413(bool withLength)
    {
        var (user, _) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);
        var body = Encoding.UTF8.GetBytes(Body("echo", new string('x', (16 * 1024 * 1024) + 1)).ToJsonString());
        using HttpContent content = withLength ? new ByteArrayContent(body) : new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await http.PostAsync("/api/chat/completions", content).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than", (await response.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Complete_UnknownModel_Answers404()
    {
        var (user, _) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);

        using var response = await http.PostAsJsonAsync("/api/chat/completions", Body("no-such-model")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Models_ListsEchoAndTheUpstreamsModelsInOpenWebUIsShape()
    {
        var (user, _) = await Server.UserWithChatAsync();
        using var http = Server.Http(user);

        var json = await http.GetFromJsonAsync<JsonObject>("/api/models").WaitAsync(TimeSpan.FromSeconds(30));

        var models = json!["data"]!.AsArray().Select(m => m!.AsObject()).ToList();
        Assert.Equal("echo", models[0]["id"]!.GetValue<string>());
        var fake = models.Single(m => m["id"]!.GetValue<string>() == "fake-2000");
        Assert.Equal("model", fake["object"]!.GetValue<string>());
        Assert.Equal("fake-2000", fake["name"]!.GetValue<string>());
        Assert.Equal("openai", fake["owned_by"]!.GetValue<string>());
        Assert.Equal(0, fake["urlIdx"]!.GetValue<int>());
        Assert.Equal("fake", fake["openai"]!["owned_by"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("POST", "/api/chat/completions")]
    [InlineData("GET", "/api/models")]
    [InlineData("POST", "/api/chat/completed")]
    [InlineData("POST", "/api/tasks/stop/some-task")]
    [InlineData("GET", "/api/tasks/chat/some-chat")]
    public async Task Endpoints_WithoutToken_Answer401(string method, string path)
    {
        using var http = Server.Http(null);

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(Body("echo")) : null })
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Complete_PendingUser_Answers401()
    {
        var pending = await Infrastructure.Seed.UserAsync(Server.Host, role: "pending");
        using var http = Server.Http(pending.Id);

        using var response = await http.PostAsJsonAsync("/api/chat/completions", Body("echo")).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Complete_IntoAnotherUsersChat_Answers404AndEmitsNothing()
    {
        var (owner, chat) = await Server.UserWithChatAsync();
        var (intruder, _) = await Server.UserWithChatAsync();
        var ownerTab = await Server.ConnectAsync(owner);
        var intruderTab = await Server.ConnectAsync(intruder);
        using var http = Server.Http(intruder);
        var body = Body("fake-model");
        body["session_id"] = intruderTab.Sid;
        body["chat_id"] = chat;
        body["id"] = "a1";

        using var response = await http.PostAsJsonAsync("/api/chat/completions", body).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("", (await Server.StoredMessageAsync(chat))!["content"]!.GetValue<string>());
        Assert.Empty(ownerTab.Pending());
        Assert.Empty(intruderTab.Pending());
    }

    [Fact]
    public async Task Stop_AnotherUsersTask_Answers403AndTheStreamGoesOn()
    {
        var (owner, chat) = await Server.UserWithChatAsync();
        var (intruder, _) = await Server.UserWithChatAsync();
        var tab = await Server.ConnectAsync(owner);
        using var ownerHttp = Server.Http(owner);
        using var intruderHttp = Server.Http(intruder);
        var pausedBefore = await Server.Upstream.StatAsync("paused");
        var taskId = await ChatCompletionSocketTests.StartAsync(ownerHttp, tab.Sid, chat, "fake-model", new JsonObject { ["fake_pause_at"] = 10 });
        await CompletionServer.WaitForAsync(async () => await Server.Upstream.StatAsync("paused") > pausedBefore, "the pause");

        using var stop = await intruderHttp.PostAsync($"/api/tasks/stop/{taskId}", null).WaitAsync(TimeSpan.FromSeconds(30));
        var listed = await intruderHttp.GetFromJsonAsync<JsonObject>($"/api/tasks/chat/{chat}").WaitAsync(TimeSpan.FromSeconds(30));
        using var unknown = await ownerHttp.PostAsync("/api/tasks/stop/no-such-task", null).WaitAsync(TimeSpan.FromSeconds(30));
        await Server.Upstream.ReleaseAsync();

        Assert.Equal(HttpStatusCode.Forbidden, stop.StatusCode);
        Assert.Empty(listed!["task_ids"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var events = await UntilAsync(tab, "a1", IsInactive);
        Assert.Equal(Tokens(20), Data(events.Single(IsDone))!["content"]!.GetValue<string>());
    }
}
