using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>Flow control at the Engine.IO seam (issue 13): byte-bounded queues, waiting for capacity, slow consumers.</summary>
public class EngineFlowControlTests
{
    [Fact]
    public async Task WaitForCapacityAsync_AboveHighWaterMark_WaitsUntilTheClientReads()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.SendQueueHighWaterMark = 1000);
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(connection.TrySend(EngineMessage.Text(new string('x', 499))));
        }

        var wait = connection.WaitForCapacityAsync().AsTask();

        Assert.Equal(1500, connection.QueuedBytes);
        Assert.False(connection.IsWritable);
        Assert.False(wait.IsCompleted);
        var (status, body) = await host.GetAsync(EngineTestHost.Url(sid));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3 * 500 + 2, body.Length);
        Assert.True(await wait.DefaultTimeout());
        Assert.Equal(0, connection.QueuedBytes);
    }

    [Fact]
    public async Task WaitForCapacityAsync_ClientNeverReads_ClosedAsSlowConsumerAfterTimeout()
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(o => o.SendQueueHighWaterMark = 100, time);
        await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        Assert.True(connection.TrySend(EngineMessage.Text(new string('x', 200))));
        var wait = connection.WaitForCapacityAsync().AsTask();

        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(wait.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.False(await wait.DefaultTimeout());
        Assert.Equal(EngineCloseReason.TransportError, (await host.Handler.NextCloseAsync()).Reason);
    }

    [Theory]
    [InlineData(EngineFullQueuePolicy.DropMessage, false)]
    [InlineData(EngineFullQueuePolicy.CloseSession, true)]
    public async Task TrySend_PastByteLimit_FullQueuePolicyApplies(EngineFullQueuePolicy policy, bool closes)
    {
        await using var host = await EngineTestHost.StartAsync(o =>
        {
            o.SendQueueHighWaterMark = 1000;
            o.SendQueueLimit = 2000;
            o.FullQueuePolicy = policy;
        });
        await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();

        Assert.True(connection.TrySend(EngineMessage.Text(new string('x', 899))));
        Assert.True(connection.TrySend(EngineMessage.Text(new string('x', 899))));
        Assert.False(connection.TrySend(EngineMessage.Text(new string('x', 899))));

        Assert.Equal(closes, connection.IsClosed);
        Assert.Equal(1800, connection.QueuedBytes);
    }

    [Fact]
    public async Task AwaitedBurst_100000MessagesOverWebSocket_ArriveCompleteAndInOrder()
    {
        const int Count = 100_000;
        await using var host = await EngineTestHost.StartAsync();
        host.Handler.OnMessage = async (connection, _) =>
        {
            // A fast producer that awaits capacity before each send, as an awaited emit does.
            for (var i = 0; i < Count; i++)
            {
                if (!await connection.WaitForCapacityAsync())
                {
                    return;
                }

                Assert.True(connection.TrySend(EngineMessage.Text(i.ToString(CultureInfo.InvariantCulture))));
            }
        };
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(transport: "websocket"));
        await socket.ReceiveTextAsync();

        await socket.SendTextAsync("4go");

        var buffer = new byte[64];
        for (var i = 0; i < Count; i++)
        {
            var result = await socket.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            Assert.Equal("4" + i.ToString(CultureInfo.InvariantCulture), Encoding.ASCII.GetString(buffer, 0, result.Count));
        }
    }
}
