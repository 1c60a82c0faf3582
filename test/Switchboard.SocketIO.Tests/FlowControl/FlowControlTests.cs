using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Packets;
using Switchboard.Testing;

namespace Switchboard.SocketIO.Tests.FlowControl;

/// <summary>
/// Flow control in the Socket.IO layer (issue 13), on fake connections whose <see cref="FakeEngineConnection.Capacity"/>
/// stands for a client above its high-water mark. The Engine.IO side (marks, timer, limit) is EngineFlowControlTests;
/// the whole path over Kestrel is SlowConsumerTests.
/// </summary>
public class FlowControlTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    private sealed record Client(FakeEngineConnection Connection, Socket Socket);

    [Fact]
    public async Task EmitAsync_ClientKeepsUp_CompletesAtOnce()
    {
        var (_, c) = await StartAsync(1);

        var emit = c[0].Socket.EmitAsync("hi", 1);

        Assert.True(emit.IsCompletedSuccessfully);
        Assert.Equal("2[\"hi\",1]", await c[0].Connection.ReadTextAsync(Timeout));
        Assert.Equal(1, c[0].Connection.CapacityChecks);
    }

    [Fact]
    public async Task EmitAsync_ClientAboveHighWaterMark_QueuesThenWaitsUntilItDrains()
    {
        var (_, c) = await StartAsync(1);
        var drained = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        c[0].Connection.Capacity = drained.Task;

        var emit = c[0].Socket.EmitAsync("hi", 1).AsTask();

        Assert.Equal("2[\"hi\",1]", await c[0].Connection.ReadTextAsync(Timeout));
        Assert.False(emit.IsCompleted);
        drained.SetResult(true);
        await emit.WaitAsync(Timeout);
    }

    [Fact]
    public async Task EmitAsync_ClientClosedAsSlowConsumerWhileWaiting_CompletesWithoutError()
    {
        var (_, c) = await StartAsync(1);
        var drained = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        c[0].Connection.Capacity = drained.Task;

        var emit = c[0].Socket.EmitAsync("hi", 1).AsTask();
        drained.SetResult(false);

        // An emit never fails because its recipient went away, as in Node.
        await emit.WaitAsync(Timeout);
    }

    [Fact]
    public async Task BroadcastEmitAsync_TwoClientsAboveHighWaterMark_SentToAllAndWaitsForBothAtOnce()
    {
        var (harness, c) = await StartAsync(3);
        foreach (var client in c)
        {
            client.Socket.Join("room");
        }

        var first = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        c[0].Connection.Capacity = first.Task;
        c[2].Connection.Capacity = second.Task;

        var emit = harness.Server.To("room").EmitAsync("hi", 1).AsTask();

        // Everyone has the packet before anyone is waited for: the client that keeps up is not held back.
        foreach (var client in c)
        {
            Assert.Equal("2[\"hi\",1]", await client.Connection.ReadTextAsync(Timeout));
        }

        Assert.False(emit.IsCompleted);
        second.SetResult(false);
        await Task.Yield();
        Assert.False(emit.IsCompleted);
        first.SetResult(true);
        await emit.WaitAsync(Timeout);
    }

    [Fact]
    public async Task BroadcastEmitAsync_Volatile_DropsForBusyClientWithoutWaiting()
    {
        var (harness, c) = await StartAsync(2);
        c[0].Socket.Join("room");
        c[1].Socket.Join("room");
        c[0].Connection.IsWritable = false;
        c[0].Connection.Capacity = new TaskCompletionSource<bool>().Task;

        var emit = harness.Server.To("room").Volatile.EmitAsync("typing", 1);

        Assert.True(emit.IsCompletedSuccessfully);
        Assert.Equal("2[\"typing\",1]", await c[1].Connection.ReadTextAsync(Timeout));
        await SocketIOHarness.AssertNothingSentAsync(c[0].Connection);
        Assert.Equal(0, c[0].Connection.CapacityChecks);
        Assert.Equal(0, c[1].Connection.CapacityChecks);
    }

    [Fact]
    public async Task SocketToRoomEmitAsync_MemberAboveHighWaterMark_Waits()
    {
        var (_, c) = await StartAsync(2);
        c[1].Socket.Join("user:1");
        var drained = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        c[1].Connection.Capacity = drained.Task;

        var emit = c[0].Socket.To("user:1").EmitAsync("events", 1).AsTask();

        Assert.Equal("2[\"events\",1]", await c[1].Connection.ReadTextAsync(Timeout));
        Assert.False(emit.IsCompleted);
        drained.SetResult(true);
        await emit.WaitAsync(Timeout);
    }

    [Fact]
    public async Task EmitAsync_WithRecovery_WaitsThroughTheAdapter()
    {
        var harness = new SocketIOHarness(o => o.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.Server.Sockets.Sockets[sid];
        var drained = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Capacity = drained.Task;

        var emit = socket.EmitAsync("hi").AsTask();

        Assert.StartsWith("2[\"hi\",", await connection.ReadTextAsync(Timeout), StringComparison.Ordinal);
        Assert.False(emit.IsCompleted);
        drained.SetResult(true);
        await emit.WaitAsync(Timeout);
    }

    [Fact]
    public async Task BroadcastLocally_ClientAboveHighWaterMark_DeliveredWithoutAskingForCapacity()
    {
        // What a scale-out adapter does with another server's broadcast: its subscription must never wait.
        RemoteDeliveringAdapter? adapter = null;
        var harness = new SocketIOHarness(o => o.AdapterFactory = nsp => adapter = new RemoteDeliveringAdapter(nsp));
        var (connection, sid) = await harness.ConnectAsync();
        harness.Server.Sockets.Sockets[sid].Join("room");
        connection.Capacity = new TaskCompletionSource<bool>().Task;

        adapter!.DeliverFromRemote(SocketPacket.Create(SocketPacketType.Event, "/", -1, "[\"remote\",1]"u8), new BroadcastOptions { Rooms = ["room"] });

        Assert.Equal("2[\"remote\",1]", await connection.ReadTextAsync(Timeout));
        Assert.Equal(0, connection.CapacityChecks);
    }

    private static async Task<(SocketIOHarness Harness, Client[] Clients)> StartAsync(int count)
    {
        var harness = new SocketIOHarness();
        var clients = new Client[count];
        for (var i = 0; i < count; i++)
        {
            var (connection, sid) = await harness.ConnectAsync();
            clients[i] = new Client(connection, harness.Server.Sockets.Sockets[sid]);
        }

        return (harness, clients);
    }

    private sealed class RemoteDeliveringAdapter(Namespace nsp) : InMemoryAdapter(nsp)
    {
        public void DeliverFromRemote(SocketPacket packet, BroadcastOptions options) => BroadcastLocally(packet, options);
    }
}
