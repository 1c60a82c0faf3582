using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Completions;

/// <summary>
/// The socket form with the real npm socket.io-client, configured as Open WebUI's frontend
/// (<c>test/interop/completion-scenarios.mjs</c>): a compatible tab and a delta tab that loses its transport mid-stream.
/// </summary>
public sealed class CompletionInteropTests(CompletionServerFixture fixture) : IClassFixture<CompletionServerFixture>
{
    private CompletionServer Server => fixture.Server;

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task SocketIOClient_CompatibleAndDeltaTabs_SeeTheWholeReply(string transport)
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var setup = new JsonObject { ["token"] = CompletionServer.TokenFor(user), ["chat"] = chat, ["fake"] = Server.Upstream.BaseUrl[..^3] };

        await using var node = NodeProcess.Start("completion-scenarios.mjs", Server.Host.Url, setup.ToJsonString(), transport);
        var lines = new List<string>();
        var checks = new List<(string Name, bool Ok, string Line)>();
        while (true)
        {
            var line = await node.ReadLineAsync(TimeSpan.FromSeconds(90));
            lines.Add(line);
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("done", out _))
            {
                break;
            }

            checks.Add((json.RootElement.GetProperty("check").GetString()!, json.RootElement.GetProperty("ok").GetBoolean(), line));
        }

        var report = $"output:\n{string.Join('\n', lines)}\nstderr:\n{node.StandardError}";
        Assert.True(checks.Count >= 8, report);
        Assert.All(checks, c => Assert.True(c.Ok, $"{c.Name} failed: {c.Line}\n{report}"));
        Assert.Equal(ChatEvents.Tokens(2000), (await Server.StoredMessageAsync(chat))!["content"]!.GetValue<string>());
        Assert.Equal(ChatEvents.Tokens(100), (await Server.StoredMessageAsync(chat, "a2"))!["content"]!.GetValue<string>()); // the stopped one
    }
}
