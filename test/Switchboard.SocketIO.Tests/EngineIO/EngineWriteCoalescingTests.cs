using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

// EngineIOOptions.WriteCoalescingDelay end to end on a real Kestrel: what the flush tick delays still arrives, in order,
// and the session's other duties (acks, close, ping, upgrade) keep working.
public class EngineWriteCoalescingTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task TrySend_ProducersOnOtherThreads_EverySocketGetsEachProducersMessagesInOrder()
    {
        const int Sockets = 20;
        const int Producers = 3;
        const int PerProducer = 200;
        await using var host = await EngineTestHost.StartAsync(o => o.WriteCoalescingDelay = Delay);
        var sockets = new List<ClientWebSocket>();
        var connections = new List<IEngineConnection>();
        for (var i = 0; i < Sockets; i++)
        {
            var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(transport: "websocket"));
            Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
            sockets.Add(socket);
            connections.Add(await host.Handler.NextOpenAsync());
        }

        // Not a receive loop: thread-pool producers, as a server-side emit from application code.
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var n = 0; n < PerProducer; n++)
            {
                foreach (var connection in connections)
                {
                    Assert.True(connection.TrySend(EngineMessage.Text($"{p}:{n}")));
                }

                if (n % 50 == 0)
                {
                    await Task.Yield();
                }
            }
        }));
        await Task.WhenAll(producers).DefaultTimeout();

        foreach (var socket in sockets)
        {
            var next = new int[Producers];
            for (var i = 0; i < Producers * PerProducer; i++)
            {
                var text = await socket.ReceiveTextAsync();
                var parts = text[1..].Split(':');
                var producer = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(next[producer]++, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
            }

            Assert.All(next, n => Assert.Equal(PerProducer, n));
            socket.Dispose();
        }
    }

    [Fact]
    public async Task Ack_OwnReply_WrittenByTheReceiveLoopWithoutTheTick()
    {
        // A fake clock that never moves: a reply that waited for the tick would never come.
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(o => o.WriteCoalescingDelay = Delay, time);
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(transport: "websocket"));
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);

        for (var i = 0; i < 3; i++)
        {
            await socket.SendTextAsync($"4hello{i}");
            Assert.Equal($"4hello{i}", await socket.ReceiveTextAsync());
        }
    }

    [Fact]
    public async Task Close_AfterSendsWaitingForTheTick_ClientGetsThemAllThenCloseFrame()
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(o => o.WriteCoalescingDelay = Delay, time);
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(transport: "websocket"));
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
        var connection = await host.Handler.NextOpenAsync();

        for (var i = 0; i < 50; i++)
        {
            Assert.True(connection.TrySend(EngineMessage.Text($"m{i}")));
        }

        // The clock does not move: the close wakes the send loop, which drains the queue then closes.
        connection.Close();

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal($"4m{i}", await socket.ReceiveTextAsync());
        }

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await socket.ReceiveCloseAsync());
    }

    [Fact]
    public async Task Ping_OverWebSocket_WrittenByTheTickAndPongKeepsTheSession()
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(o => o.WriteCoalescingDelay = Delay, time);
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(transport: "websocket"));
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
        var connection = await host.Handler.NextOpenAsync();

        for (var i = 0; i < 2; i++)
        {
            time.Advance(TimeSpan.FromSeconds(25));
            time.Advance(Delay);
            Assert.Equal("2", await socket.ReceiveTextAsync());
            await socket.SendTextAsync("3");
            // The pong is read by the receive loop: send a message and wait for its echo to know it was.
            await socket.SendTextAsync($"4after ping {i}");
            Assert.Equal($"4after ping {i}", await socket.ReceiveTextAsync());
        }

        time.Advance(TimeSpan.FromSeconds(19));
        Assert.False(connection.IsClosed);
    }

    [Fact]
    public async Task Upgrade_SendsQueuedDuringProbe_ArriveOverWebSocketInOrder()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.WriteCoalescingDelay = Delay);
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        var poll = host.GetAsync(EngineTestHost.Url(sid));
        await Eventually.TrueAsync(() => connection.IsWritable);
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(sid, "websocket"));
        await socket.SendTextAsync("2probe");
        Assert.Equal("3probe", await socket.ReceiveTextAsync());
        Assert.Equal((HttpStatusCode.OK, "6"), await poll.DefaultTimeout());

        Assert.True(connection.TrySend(EngineMessage.Text("queued")));
        await socket.SendTextAsync("5");
        Assert.Equal("4queued", await socket.ReceiveTextAsync());

        for (var i = 0; i < 10; i++)
        {
            Assert.True(connection.TrySend(EngineMessage.Text($"after {i}")));
        }

        for (var i = 0; i < 10; i++)
        {
            Assert.Equal($"4after {i}", await socket.ReceiveTextAsync());
        }

        Assert.Equal("websocket", connection.Transport);
    }

    [Fact]
    public async Task WaitForCapacityAsync_ProducerPastTheHighWaterMark_ClientGetsEverythingInOrder()
    {
        const int Messages = 200;
        var text = new string('x', 32 * 1024);
        await using var host = await EngineTestHost.StartAsync(o =>
        {
            o.WriteCoalescingDelay = Delay;
            o.SendQueueHighWaterMark = 256 * 1024;
        });
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(transport: "websocket"));
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
        var connection = await host.Handler.NextOpenAsync();

        // 6.4 MB, each send followed by the flow-control wait a Socket.IO emit does: the producer stops at the mark and
        // resumes as the queue drains (a queue past the mark wakes the send loop rather than waiting for the tick).
        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                Assert.True(connection.TrySend(EngineMessage.Text($"{i}:{text}")));
                Assert.True(await connection.WaitForCapacityAsync());
            }
        });

        for (var i = 0; i < Messages; i++)
        {
            Assert.Equal($"4{i}:{text}", await socket.ReceiveTextAsync());
        }

        await producer.DefaultTimeout();
        Assert.False(connection.IsClosed);
    }
}
