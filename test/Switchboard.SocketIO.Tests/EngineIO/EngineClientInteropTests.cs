using Switchboard.SocketIO.EngineIO;
using Switchboard.Testing;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>
/// The real npm <c>engine.io-client</c> 6.6 (test/interop/engineio-client.mjs) against a Kestrel-hosted echo:
/// text and binary messages over polling, over WebSocket, and across the polling-to-WebSocket upgrade.
/// </summary>
public class EngineClientInteropTests
{
    [Theory]
    [InlineData("polling", "polling")]
    [InlineData("websocket", "websocket")]
    [InlineData("upgrade", "websocket")]
    public async Task EngineIOClient_Mode_ExchangesTextAndBinary(string mode, string finalTransport)
    {
        // A short heartbeat so that pings and pongs also cross the wire during the run.
        await using var host = await EngineTestHost.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(200);
            o.PingTimeout = TimeSpan.FromMilliseconds(2000);
        });

        var result = await NodeProcess.RunAsync(
            "engineio-client.mjs", TimeSpan.FromSeconds(30), stdin: null, host.BaseUri.ToString().TrimEnd('/'), "/engine.io/", mode);

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}");
        Assert.Contains("{\"step\":\"exchanged\"", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains($"{{\"step\":\"done\",\"transport\":\"{finalTransport}\"}}", result.StandardOutput, StringComparison.Ordinal);
        var connection = await host.Handler.NextOpenAsync();
        var (closed, reason) = await host.Handler.NextCloseAsync();
        Assert.Same(connection, closed);
        Assert.Equal(EngineCloseReason.TransportClose, reason);
        Assert.Equal(finalTransport, connection.Transport);
    }
}
