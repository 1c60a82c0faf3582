using System.Text.Json;
using Switchboard.Testing;

namespace Switchboard.SocketIO.Tests.Interop;

/// <summary>
/// The real npm socket.io-client 4.8 against our server, over WebSocket and over polling. Each scenario runs in
/// <c>test/interop/socketio-scenarios.mjs</c>, which prints one JSON line per check.
/// </summary>
[Collection(InteropTestGroup.Name)]
public class SocketIOClientInteropTests
{
    public static TheoryData<string> Transports => new() { "websocket", "polling" };

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Auth_ConnectAndConnectError(string transport) => RunAsync("auth", transport);

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Events_BothWaysAndRuntimeNames(string transport) => RunAsync("events", transport);

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Acks_BothWaysWithTimeouts(string transport) => RunAsync("acks", transport);

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Binary_BothWays(string transport) => RunAsync("binary", transport);

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Rooms_ThreeClientsBroadcastAndExcept(string transport) => RunAsync("rooms", transport);

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Namespaces_TwoOnOneConnection(string transport) => RunAsync("namespaces", transport);

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Burst_100000AwaitedEmitsToUserRoom_AllDeliveredInOrder(string transport) => RunAsync("burst", transport);

    [Theory]
    [MemberData(nameof(Transports))]
    public Task Recovery_DroppedTransportReconnectsRecovered(string transport) => RunAsync("recovery", transport, recovery: true);

    private static async Task RunAsync(string scenario, string transport, bool recovery = false)
    {
        await using var host = await InteropHost.StartAsync(recovery);
        var result = await NodeProcess.RunAsync("socketio-scenarios.mjs", TimeSpan.FromSeconds(60), null, host.Url, transport, scenario);
        var checks = new List<(string Name, bool Ok, string Line)>();
        var done = false;
        foreach (var line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var json = JsonDocument.Parse(line);
            if (json.RootElement.TryGetProperty("done", out _))
            {
                done = true;
                continue;
            }

            checks.Add((json.RootElement.GetProperty("check").GetString()!, json.RootElement.GetProperty("ok").GetBoolean(), line));
        }

        var report = $"stdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}";
        Assert.True(done && result.ExitCode == 0, $"scenario {scenario} over {transport} did not finish cleanly.\n{report}");
        Assert.NotEmpty(checks);
        Assert.All(checks, c => Assert.True(c.Ok, $"{c.Name} failed: {c.Line}\n{report}"));
    }
}
