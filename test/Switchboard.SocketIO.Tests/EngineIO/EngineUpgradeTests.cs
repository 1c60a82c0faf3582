using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>The polling-to-WebSocket upgrade (socketio-wire.md §3.7).</summary>
public class EngineUpgradeTests
{
    [Fact]
    public async Task Upgrade_Probe_PendingGetReleasedWithNoopThenSessionOnWebSocket()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        var poll = host.GetAsync(EngineTestHost.Url(sid));
        await Eventually.TrueAsync(() => connection.IsWritable);
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(sid, "websocket"));

        await socket.SendTextAsync("2probe");

        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        Assert.Equal((HttpStatusCode.OK, "6"), await poll.DefaultTimeout());
        await socket.SendTextAsync("5");
        await socket.SendTextAsync("4hello");
        Assert.Equal("4hello", await socket.ReceiveTextAsync());
        Assert.Equal("websocket", connection.Transport);
        Assert.Equal((HttpStatusCode.BadRequest, "{\"code\":3,\"message\":\"Bad request\"}"), await host.GetAsync(EngineTestHost.Url(sid)));
    }

    [Fact]
    public async Task Upgrade_PacketsQueuedDuringProbe_FlushedOverWebSocket()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(sid, "websocket"));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        // Still polling: a POST is accepted and its echo waits in the queue (no GET is pending).
        Assert.Equal((HttpStatusCode.OK, "ok"), await host.PostAsync(EngineTestHost.Url(sid), "4buffered\u001ebAQID"));
        Assert.True(connection.TrySend(EngineMessage.Text("from server")));
        await socket.SendTextAsync("5");

        Assert.Equal("4buffered", await socket.ReceiveTextAsync());
        var (type, data) = await socket.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(new byte[] { 1, 2, 3 }, data);
        Assert.Equal("4from server", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Upgrade_GetDuringProbe_NoopUnlessUpgradeCompletesFirst()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(sid, "websocket"));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        Assert.Equal((HttpStatusCode.OK, "6"), await host.GetAsync(EngineTestHost.Url(sid)));
    }

    [Fact]
    public async Task Upgrade_SecondWebSocketSameSid_ClosedAndFirstCarriesOn()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(sid, "websocket"));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("5");

        using var second = await host.ConnectWebSocketAsync(EngineTestHost.Url(sid, "websocket"));

        Assert.NotNull(await second.ReceiveCloseAsync());
        await socket.SendTextAsync("4hello");
        Assert.Equal("4hello", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Upgrade_UnexpectedPacketOnProbe_ProbeClosedSessionStaysOnPolling()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(sid, "websocket"));

        await socket.SendTextAsync("4too early");

        Assert.NotNull(await socket.ReceiveCloseAsync());
        Assert.Equal("polling", connection.Transport);
        await EngineRequestErrorTests.AssertEchoesAsync(host, sid);
    }

    [Fact]
    public async Task Upgrade_NoUpgradePacketInTime_ProbeClosedSessionStaysOnPolling()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.UpgradeTimeout = TimeSpan.FromMilliseconds(200));
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(sid, "websocket"));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());

        Assert.NotNull(await socket.ReceiveCloseAsync());
        Assert.Equal("polling", connection.Transport);
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Upgrade_GetParkedDuringProbeThenUpgrade_GetRefused()
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(time: time);
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(sid, "websocket"));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        var poll = host.GetAsync(EngineTestHost.Url(sid));
        await Eventually.TrueAsync(() => connection.IsWritable);

        // The noop delay has not passed on the fake clock, so the upgrade packet decides: the GET is refused.
        await socket.SendTextAsync("5");

        Assert.Equal((HttpStatusCode.BadRequest, "{\"code\":3,\"message\":\"Bad request\"}"), await poll.DefaultTimeout());
        await socket.SendTextAsync("4hello");
        Assert.Equal("4hello", await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Upgrade_GetParkedDuringProbe_NoopAfterDelay()
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(time: time);
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(sid, "websocket"));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        var poll = host.GetAsync(EngineTestHost.Url(sid));
        await Eventually.TrueAsync(() => connection.IsWritable);

        time.Advance(TimeSpan.FromMilliseconds(50));

        Assert.Equal((HttpStatusCode.OK, "6"), await poll.DefaultTimeout());
    }
}
