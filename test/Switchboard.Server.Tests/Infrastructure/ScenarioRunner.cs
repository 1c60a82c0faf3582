using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// Runs one scenario of <c>test/interop/openwebui-scenarios.mjs</c> against a server: answers the script's
/// <c>ask</c> lines with the given callback, then asserts every check it printed.
/// </summary>
internal static class ScenarioRunner
{
    public static async Task RunAsync(ServerHost host, string scenario, JsonObject setup, Func<string, JsonNode?, Task<JsonNode?>>? onAsk = null, string transport = "websocket")
    {
        await using var node = NodeProcess.Start("openwebui-scenarios.mjs", host.Url, scenario, setup.ToJsonString(), transport);
        var checks = new List<(string Name, bool Ok, string Line)>();
        var lines = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (true)
        {
            var line = await node.ReadLineAsync(TimeSpan.FromSeconds(90));
            lines.Add(line);
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.TryGetProperty("done", out _))
            {
                break;
            }

            if (root.TryGetProperty("ask", out var ask))
            {
                var data = JsonNode.Parse(root.GetProperty("data").GetRawText());
                var answer = onAsk is null ? null : await onAsk(ask.GetString()!, data).WaitAsync(deadline.Token);
                await node.WriteLineAsync((answer ?? new JsonObject()).ToJsonString());
                continue;
            }

            checks.Add((root.GetProperty("check").GetString()!, root.GetProperty("ok").GetBoolean(), line));
        }

        var report = $"output:\n{string.Join('\n', lines)}\nstderr:\n{node.StandardError}";
        Assert.NotEmpty(checks);
        Assert.All(checks, c => Assert.True(c.Ok, $"{c.Name} failed: {c.Line}\n{report}"));
    }
}
