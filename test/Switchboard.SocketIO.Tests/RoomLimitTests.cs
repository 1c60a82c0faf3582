namespace Switchboard.SocketIO.Tests;

// Issue 8, item 5: joining many rooms is linear, and rooms per socket have a limit with a clear error.
public class RoomLimitTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    [Fact]
    public async Task FetchSocketsAsync_MemberOfManyRooms_DoesNotCopyItsRooms()
    {
        var harness = new SocketIOHarness();
        var (_, sid) = await harness.ConnectAsync();
        var socket = harness.Server.Sockets.Sockets[sid];
        socket.Join([.. Enumerable.Range(0, 9_000).Select(i => "room" + i)]);
        await harness.Server.In("room0").FetchSocketsAsync().WaitAsync(Timeout);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var found = harness.Server.In("room0").FetchSocketsAsync();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Single(await found.WaitAsync(Timeout));
        Assert.True(allocated < 16 * 1024, $"fetching one socket allocated {allocated} bytes");
        Assert.Equal(9_001, (await found).Single().Rooms.Count);
    }

    [Fact]
    public async Task Join_OneRoomAtATimeWithAFetchEach_WorkStaysLinear()
    {
        var harness = new SocketIOHarness();
        var (_, sid) = await harness.ConnectAsync();
        var socket = harness.Server.Sockets.Sockets[sid];

        // What the chat sample's join handler does: join, then count the room's members.
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 3_000; i++)
        {
            var room = "room" + i;
            socket.Join(room);
            Assert.Single(await harness.Server.In(room).FetchSocketsAsync().WaitAsync(Timeout));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 3_000 * 4 * 1024, $"3,000 joins and fetches allocated {allocated} bytes");
    }

    [Fact]
    public async Task Join_BeyondMaxRoomsPerSocket_ThrowsAndJoinsNone()
    {
        var harness = new SocketIOHarness(o => o.MaxRoomsPerSocket = 3);
        var (_, sid) = await harness.ConnectAsync();
        var socket = harness.Server.Sockets.Sockets[sid];
        socket.Join("a");

        var ex = Assert.Throws<InvalidOperationException>(() => socket.Join("b", "c"));

        Assert.Contains(nameof(SocketIOOptions.MaxRoomsPerSocket), ex.Message, StringComparison.Ordinal);
        Assert.True(socket.Rooms.SetEquals([sid, "a"]));
        socket.Join("a", "b");
        Assert.Equal(3, socket.Rooms.Count);
    }

    [Fact]
    public async Task Join_DefaultLimit_TenThousandRoomsIncludingItsOwn()
    {
        var harness = new SocketIOHarness();
        var (_, sid) = await harness.ConnectAsync();
        var socket = harness.Server.Sockets.Sockets[sid];

        socket.Join([.. Enumerable.Range(0, 9_999).Select(i => "room" + i)]);

        Assert.Throws<InvalidOperationException>(() => socket.Join("one-too-many"));
        Assert.Equal(10_000, socket.Rooms.Count);
    }

    [Fact]
    public async Task SocketsJoinAsync_OneSocketAtTheLimit_OthersJoinAndTheRefusalIsReported()
    {
        var harness = new SocketIOHarness(o => o.MaxRoomsPerSocket = 2);
        var (_, full) = await harness.ConnectAsync();
        var (_, other) = await harness.ConnectAsync();
        harness.Server.Sockets.Sockets[full].Join("taken");

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Server.SocketsJoinAsync("everyone").WaitAsync(Timeout));

        Assert.Contains("everyone", harness.Server.Sockets.Sockets[other].Rooms);
        Assert.DoesNotContain("everyone", harness.Server.Sockets.Sockets[full].Rooms);
    }
}
