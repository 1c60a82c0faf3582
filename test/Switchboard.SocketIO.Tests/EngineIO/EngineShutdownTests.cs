using System.Net;
using System.Net.WebSockets;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>Graceful shutdown: stopping the host closes open sessions cleanly.</summary>
public class EngineShutdownTests
{
    [Fact]
    public async Task StopHost_PendingPollAndWebSocket_ClosedWithServerShuttingDown()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var polling = await host.Handler.NextOpenAsync();
        var poll = host.GetAsync(EngineTestHost.Url(sid));
        await Eventually.TrueAsync(() => polling.IsWritable);
        using var socket = await EngineWebSocketTests.OpenAsync(host);
        var receiveClose = socket.ReceiveCloseAsync();

        var stop = host.StopAsync();

        Assert.Equal((HttpStatusCode.OK, "1"), await poll.DefaultTimeout());
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, await receiveClose.DefaultTimeout());
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();
        await stop.DefaultTimeout();
        var reasons = new[] { (await host.Handler.NextCloseAsync()).Reason, (await host.Handler.NextCloseAsync()).Reason };
        Assert.All(reasons, r => Assert.Equal(EngineCloseReason.ServerShuttingDown, r));
    }
}
