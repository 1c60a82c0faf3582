using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Documents;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.SocketIO;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Completions;

/// <summary>
/// The real server (Kestrel, SQLite) configured with the fake upstream as <c>OPENAI_API_BASE_URLS</c>; HTTP through
/// an <see cref="HttpClient"/>, sockets through a <see cref="FakeEngine"/> in front of its Socket.IO server.
/// </summary>
public sealed class CompletionServer : IAsyncDisposable
{
    public const string ApiKey = "sk-fake-upstream-key";

    private readonly TestDatabase _database;

    private CompletionServer(FakeOpenAI upstream, TestDatabase database, ServerHost host)
    {
        Upstream = upstream;
        _database = database;
        Host = host;
        Engine = new FakeEngine(host.Services.GetRequiredService<SocketIOServer>().EngineHandler);
    }

    public FakeOpenAI Upstream { get; }

    public ServerHost Host { get; }

    internal FakeEngine Engine { get; }

    public static async Task<CompletionServer> StartAsync(IDictionary<string, string?>? settings = null)
    {
        var upstream = await FakeOpenAI.StartAsync();
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var values = new Dictionary<string, string?>
        {
            ["OPENAI_API_BASE_URLS"] = upstream.BaseUrl,
            ["OPENAI_API_KEYS"] = ApiKey,
            ["Switchboard:Completions:EchoWordDelay"] = "00:00:00.001",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return new CompletionServer(upstream, database, await ServerHost.StartAsync(database, values));
    }

    public static string TokenFor(string userId) => JwtToken.Create(new JwtClaims { UserId = userId }, Encoding.UTF8.GetBytes(ServerHost.Secret));

    internal Task<DocumentSocket> ConnectAsync(string userId) => DocumentSocket.ConnectAsync(Engine, TokenFor(userId));

    public HttpClient Http(string? userId)
    {
        var client = new HttpClient { BaseAddress = new Uri(Host.Url), Timeout = TimeSpan.FromSeconds(60) };
        if (userId is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenFor(userId));
        }

        return client;
    }

    /// <summary>A user and a chat of theirs whose history has a user message and the assistant message <c>a1</c>.</summary>
    public async Task<(string UserId, string ChatId)> UserWithChatAsync(string prompt = "hello there")
    {
        var user = await Seed.UserAsync(Host);
        var chatId = await Seed.ChatAsync(Host, user.Id, prompt);
        return (user.Id, chatId);
    }

    /// <summary>The stored assistant message <paramref name="messageId"/> of a chat.</summary>
    public async Task<JsonObject?> StoredMessageAsync(string chatId, string messageId = "a1")
    {
        await using var db = await Host.DbAsync();
        var row = db.Chats.Single(c => c.Id == chatId);
        return JsonNode.Parse(row.Chat!)!["history"]!["messages"]![messageId] as JsonObject;
    }

    /// <summary>Waits (generously, only to catch hangs) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _database.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
