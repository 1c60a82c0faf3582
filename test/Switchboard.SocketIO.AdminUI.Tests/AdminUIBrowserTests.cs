using System.Text.Json;
using Switchboard.Testing;
using Xunit.Abstractions;

namespace Switchboard.SocketIO.AdminUI.Tests;

/// <summary>
/// The real Admin UI (the built <c>ui/dist</c> of npm <c>@socket.io/admin-ui</c>) in headless Chromium, driven by npm
/// <c>playwright-core</c> (test/interop/admin-ui-browser.mjs), against a running Switchboard with test sockets in rooms.
/// Screenshots go to <c>admin-ui/</c> in the test's output folder.
/// </summary>
public sealed class AdminUIBrowserTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task AdminUI_InChromium_ListsSocketsAndRoomsAndDisconnectsOne()
    {
        var chromium = Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_CHROMIUM");
        if (string.IsNullOrEmpty(chromium))
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "SWITCHBOARD_TEST_CHROMIUM is not set: test/services/chromium.sh installs chromium and sets it.");
            output.WriteLine("Skipped: SWITCHBOARD_TEST_CHROMIUM is not set (./test.sh sets it through test/services/chromium.sh).");
            return;
        }

        var outputDir = Path.Combine(AppContext.BaseDirectory, "admin-ui");
        Directory.CreateDirectory(outputDir);
        await using var node = NodeProcess.Start("admin-ui-browser.mjs");
        var ui = Read(await node.ReadLineAsync(StepTimeout)).GetProperty("ui").GetString()!;
        await using var host = await AdminTestHost.StartAsync(allowedOrigin: ui);

        object[] sockets =
        [
            new { name = "ann", rooms = new[] { "lobby", "team-red" } },
            new { name = "bob", rooms = new[] { "lobby" } },
            new { name = "cy", rooms = new[] { "team-blue" } },
        ];
        await node.WriteLineAsync(JsonSerializer.Serialize(new
        {
            server = host.Url,
            username = AdminTestHost.Username,
            password = AdminTestHost.Password,
            outputDir,
            sockets,
            victim = "bob",
        }));

        var ids = Read(await node.ReadLineAsync(StepTimeout), node).GetProperty("sockets");
        var bob = ids.GetProperty("bob").GetString()!;
        Assert.Contains("team-red", host.Server.Sockets.Sockets[ids.GetProperty("ann").GetString()!].Rooms);

        var shown = Read(await node.ReadLineAsync(StepTimeout), node);
        Assert.Equal(
            ids.EnumerateObject().Select(p => p.Value.GetString()!).Order(StringComparer.Ordinal),
            shown.GetProperty("listed").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { "lobby", "team-blue", "team-red" },
            shown.GetProperty("rooms").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal));

        var disconnected = Read(await node.ReadLineAsync(StepTimeout), node);
        Assert.Equal("io server disconnect", disconnected.GetProperty("reason").GetString());
        Assert.Equal(DisconnectReason.ServerNamespaceDisconnect, host.Disconnected[bob]);
        Assert.False(host.Server.Sockets.Sockets.ContainsKey(bob));
        Assert.Equal(2, host.Server.Sockets.Sockets.Count(s => s.Key != bob && ids.EnumerateObject().Any(p => p.Value.GetString() == s.Key)));

        foreach (var shot in new[] { "admin-ui-sockets.png", "admin-ui-rooms.png", "admin-ui-after-disconnect.png" })
        {
            Assert.True(new FileInfo(Path.Combine(outputDir, shot)).Length > 0, shot);
        }

        output.WriteLine($"Screenshots in {outputDir}");
    }

    private static JsonElement Read(string line, NodeProcess? node = null)
    {
        var element = JsonDocument.Parse(line).RootElement;
        if (element.TryGetProperty("error", out var error))
        {
            Assert.Fail($"admin-ui-browser.mjs: {error.GetString()}\n{node?.StandardError}");
        }

        return element;
    }
}
