using System.Net;
using Microsoft.Extensions.Time.Testing;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>Server pings and the pong deadline (socketio-wire.md §3.6), on a fake clock.</summary>
public class EngineHeartbeatTests
{
    [Fact]
    public async Task Ping_AfterPingInterval_PendingGetGetsExactlyPing()
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(time: time);
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        var poll = host.GetAsync(EngineTestHost.Url(sid));
        await Eventually.TrueAsync(() => connection.IsWritable);

        time.Advance(TimeSpan.FromMilliseconds(24999));
        Assert.False(poll.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal((HttpStatusCode.OK, "2"), await poll.DefaultTimeout());
    }

    [Fact]
    public async Task Pong_InTime_SessionStaysAndNextPingFollows()
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(time: time);
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();

        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(25));
            Assert.Equal((HttpStatusCode.OK, "2"), await host.GetAsync(EngineTestHost.Url(sid)));
            time.Advance(TimeSpan.FromSeconds(19));
            Assert.Equal((HttpStatusCode.OK, "ok"), await host.PostAsync(EngineTestHost.Url(sid), "3"));
        }

        time.Advance(TimeSpan.FromSeconds(24));
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Pong_Missing_ClosedAsPingTimeoutAtDeadline()
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(time: time);
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();

        time.Advance(TimeSpan.FromSeconds(25));
        time.Advance(TimeSpan.FromMilliseconds(19999));
        Assert.False(connection.IsClosed);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(connection.IsClosed);
        Assert.Equal(EngineCloseReason.PingTimeout, (await host.Handler.NextCloseAsync()).Reason);
        Assert.Equal((HttpStatusCode.BadRequest, "{\"code\":1,\"message\":\"Session ID unknown\"}"), await host.GetAsync(EngineTestHost.Url(sid)));
    }

    [Fact]
    public async Task Request_AfterDeadlineWithLateTimer_RefusedAsUnknownSid()
    {
        var time = new StallableTimeProvider();
        await using var host = await EngineTestHost.StartAsync(time: time);
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        time.Fake.Advance(TimeSpan.FromSeconds(25));

        // The deadline timer is late: only the check on the incoming request can notice the timeout.
        time.Stalled = true;
        time.Fake.Advance(TimeSpan.FromSeconds(20));
        Assert.False(connection.IsClosed);

        Assert.Equal((HttpStatusCode.BadRequest, "{\"code\":1,\"message\":\"Session ID unknown\"}"), await host.GetAsync(EngineTestHost.Url(sid)));
        Assert.Equal(EngineCloseReason.PingTimeout, (await host.Handler.NextCloseAsync()).Reason);
    }

    [Fact]
    public async Task Ping_OverWebSocket_SentAndPongKeepsSessionOpen()
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(time: time);
        using var socket = await EngineWebSocketTests.OpenAsync(host);
        var connection = await host.Handler.NextOpenAsync();

        time.Advance(TimeSpan.FromSeconds(25));
        Assert.Equal("2", await socket.ReceiveTextAsync());
        await socket.SendTextAsync("3");
        // Messages are handled in order: once the echo is back, the pong was handled too.
        await socket.SendTextAsync("4sync");
        Assert.Equal("4sync", await socket.ReceiveTextAsync());
        time.Advance(TimeSpan.FromSeconds(20));

        Assert.False(connection.IsClosed);
    }

    /// <summary>A fake clock whose timers can be made "late": while stalled, timer callbacks are skipped.</summary>
    private sealed class StallableTimeProvider : TimeProvider
    {
        public FakeTimeProvider Fake { get; } = new();

        public bool Stalled { get; set; }

        public override long TimestampFrequency => Fake.TimestampFrequency;

        public override long GetTimestamp() => Fake.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            Fake.CreateTimer(s =>
            {
                if (!Stalled)
                {
                    callback(s);
                }
            }, state, dueTime, period);
    }
}
