using System.Runtime.InteropServices;
using Switchboard.Testing;

namespace Switchboard.SocketIO.Tests;

public class RoomTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    private sealed record Client(FakeEngineConnection Connection, Socket Socket);

    [Fact]
    public async Task Socket_IsInItsOwnRoom()
    {
        var (_, clients) = await StartAsync(1);
        Assert.Equal([clients[0].Socket.Id], clients[0].Socket.Rooms);
    }

    [Fact]
    public async Task To_Room_ReachesMembersOnly()
    {
        var (harness, c) = await StartAsync(3);
        c[0].Socket.Join("room");
        c[1].Socket.Join("room");

        await harness.Server.To("room").EmitAsync("hi", 1);

        Assert.Equal("2[\"hi\",1]", await c[0].Connection.ReadTextAsync(Timeout));
        Assert.Equal("2[\"hi\",1]", await c[1].Connection.ReadTextAsync(Timeout));
        await SocketIOHarness.AssertNothingSentAsync(c[2].Connection);
    }

    [Fact]
    public async Task To_ManyRecipients_PacketEncodedOnce()
    {
        var (harness, c) = await StartAsync(3);
        foreach (var client in c)
        {
            client.Socket.Join("room");
        }

        await harness.Server.To("room").EmitAsync("hi", "x");

        var buffers = new List<byte[]>();
        foreach (var client in c)
        {
            var message = await client.Connection.ReadAsync(Timeout);
            Assert.True(MemoryMarshal.TryGetArray(message.Data, out var segment));
            buffers.Add(segment.Array!);
        }

        Assert.Same(buffers[0], buffers[1]);
        Assert.Same(buffers[0], buffers[2]);
    }

    [Fact]
    public async Task To_SeveralRooms_MemberOfBothReachedOnce()
    {
        var (harness, c) = await StartAsync(2);
        c[0].Socket.Join("a", "b");
        c[1].Socket.Join("b");

        await harness.Server.To("a").To("b").EmitAsync("hi");

        Assert.Equal("2[\"hi\"]", await c[0].Connection.ReadTextAsync(Timeout));
        Assert.Equal("2[\"hi\"]", await c[1].Connection.ReadTextAsync(Timeout));
        await SocketIOHarness.AssertNothingSentAsync(c[0].Connection);
    }

    [Fact]
    public async Task Except_Room_LeavesMembersOut()
    {
        var (harness, c) = await StartAsync(3);
        c[0].Socket.Join("room");
        c[1].Socket.Join("room");
        c[1].Socket.Join("muted");

        await harness.Server.To("room").Except("muted").EmitAsync("hi");
        await harness.Server.Except(c[2].Socket.Id).EmitAsync("all-but-2");

        Assert.Equal("2[\"hi\"]", await c[0].Connection.ReadTextAsync(Timeout));
        Assert.Equal("2[\"all-but-2\"]", await c[0].Connection.ReadTextAsync(Timeout));
        Assert.Equal("2[\"all-but-2\"]", await c[1].Connection.ReadTextAsync(Timeout));
        await SocketIOHarness.AssertNothingSentAsync(c[1].Connection);
        await SocketIOHarness.AssertNothingSentAsync(c[2].Connection);
    }

    [Fact]
    public async Task SocketTo_LeavesSenderOut()
    {
        var (_, c) = await StartAsync(3);
        foreach (var client in c)
        {
            client.Socket.Join("room");
        }

        await c[0].Socket.To("room").EmitAsync("hi");
        await c[1].Socket.Broadcast.EmitAsync("everyone-else");

        Assert.Equal("2[\"hi\"]", await c[1].Connection.ReadTextAsync(Timeout));
        Assert.Equal("2[\"hi\"]", await c[2].Connection.ReadTextAsync(Timeout));
        Assert.Equal("2[\"everyone-else\"]", await c[0].Connection.ReadTextAsync(Timeout));
        Assert.Equal("2[\"everyone-else\"]", await c[2].Connection.ReadTextAsync(Timeout));
        await SocketIOHarness.AssertNothingSentAsync(c[0].Connection);
        await SocketIOHarness.AssertNothingSentAsync(c[1].Connection);
    }

    [Fact]
    public async Task Leave_StopsDelivery()
    {
        var (harness, c) = await StartAsync(1);
        c[0].Socket.Join("room");
        c[0].Socket.Leave("room");

        await harness.Server.To("room").EmitAsync("hi");

        await SocketIOHarness.AssertNothingSentAsync(c[0].Connection);
        Assert.DoesNotContain("room", harness.Server.Sockets.Adapter.GetLocalRooms());
    }

    [Fact]
    public async Task Disconnect_LeavesEveryRoom()
    {
        var (harness, c) = await StartAsync(1);
        c[0].Socket.Join("room");

        await harness.Engine.SendTextAsync(c[0].Connection, "1");

        Assert.Empty(harness.Server.Sockets.Adapter.GetLocalRooms());
    }

    [Fact]
    public async Task Volatile_NotWritable_Dropped()
    {
        var (harness, c) = await StartAsync(2);
        c[1].Connection.IsWritable = false;

        await harness.Server.Sockets.Volatile.EmitAsync("tick");

        Assert.Equal("2[\"tick\"]", await c[0].Connection.ReadTextAsync(Timeout));
        await SocketIOHarness.AssertNothingSentAsync(c[1].Connection);
    }

    [Fact]
    public async Task LocalAndCompress_StillDeliverLocally()
    {
        var (harness, c) = await StartAsync(1);

        await harness.Server.Sockets.Local.Compress(false).EmitAsync("x");

        Assert.Equal("2[\"x\"]", await c[0].Connection.ReadTextAsync(Timeout));
    }

    [Fact]
    public async Task FetchSockets_InRoom_ReturnsMembersWithRoomsAndData()
    {
        var (harness, c) = await StartAsync(3);
        c[0].Socket.Join("room");
        c[0].Socket.Data = "zero";
        c[2].Socket.Join("room");

        var sockets = await harness.Server.In("room").FetchSocketsAsync();

        Assert.Equal(new[] { c[0].Socket.Id, c[2].Socket.Id }.Order(), sockets.Select(s => s.Id).Order());
        var first = sockets.Single(s => s.Id == c[0].Socket.Id);
        Assert.Contains("room", first.Rooms);
        Assert.Equal("zero", first.Data);
        Assert.Equal(3, (await harness.Server.FetchSocketsAsync()).Count);
    }

    [Fact]
    public async Task SocketsJoinAndLeave_MatchingSocketsOnly()
    {
        var (harness, c) = await StartAsync(3);
        c[0].Socket.Join("a");
        c[1].Socket.Join("a");

        await harness.Server.In("a").Except(c[1].Socket.Id).SocketsJoinAsync("b");
        Assert.Contains("b", c[0].Socket.Rooms);
        Assert.DoesNotContain("b", c[1].Socket.Rooms);

        await harness.Server.SocketsLeaveAsync("a");
        Assert.DoesNotContain("a", c[0].Socket.Rooms);
        Assert.DoesNotContain("a", c[1].Socket.Rooms);
    }

    [Fact]
    public async Task DisconnectSockets_RoomOnly()
    {
        var (harness, c) = await StartAsync(2);
        c[0].Socket.Join("kick");

        await harness.Server.In("kick").DisconnectSocketsAsync();

        Assert.Equal("1", await c[0].Connection.ReadTextAsync(Timeout));
        Assert.False(c[0].Socket.Connected);
        Assert.True(c[1].Socket.Connected);
        Assert.False(c[0].Connection.IsClosed);
    }

    [Fact]
    public async Task RemoteSocket_EmitReachesSocket()
    {
        var (harness, c) = await StartAsync(1);
        var remote = Assert.Single(await harness.Server.FetchSocketsAsync());

        await remote.EmitAsync("direct", true);
        await remote.JoinAsync("r");

        Assert.Equal("2[\"direct\",true]", await c[0].Connection.ReadTextAsync(Timeout));
        Assert.Contains("r", c[0].Socket.Rooms);
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
}
