using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests;

// Issue 8, items 3 and 4: a socket that left is gone from every room, whatever failed on the way out.
public class SocketCleanupTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    [Fact]
    public async Task Join_NullRoom_ThrowsAndLeavesNoGhost()
    {
        var harness = new SocketIOHarness();
        var (a, aSid) = await harness.ConnectAsync();
        var ghost = harness.Server.Sockets.Sockets[aSid];

        Assert.Throws<ArgumentNullException>(() => ghost.Join("first", null!));
        ghost.Join("lobby");
        await harness.Engine.CloseAsync(a, EngineCloseReason.TransportClose).WaitAsync(Timeout);
        var (_, bSid) = await harness.ConnectAsync();
        harness.Server.Sockets.Sockets[bSid].Join("lobby");

        var members = await harness.Server.In("lobby").FetchSocketsAsync().WaitAsync(Timeout);
        Assert.Equal([bSid], members.Select(s => s.Id));
        Assert.DoesNotContain("first", harness.Server.Sockets.Adapter.GetLocalRooms());
        Assert.False(harness.Server.Sockets.Sockets.ContainsKey(aSid));
    }

    [Fact]
    public async Task Close_AdapterFailsToRemoveRooms_EveryOtherStepStillRuns()
    {
        var harness = new SocketIOHarness(o => o.AdapterFactory = nsp => new FailingDeleteAdapter(nsp));
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.Server.Sockets.Sockets[sid];
        var disconnected = new TaskCompletionSource<DisconnectReason>(TaskCreationOptions.RunContinuationsAsynchronously);
        socket.OnDisconnect((_, reason) => disconnected.TrySetResult(reason));
        var pending = socket.EmitWithAckAsync("q", []);

        await Record.ExceptionAsync(() => harness.Engine.CloseAsync(connection, EngineCloseReason.TransportClose).WaitAsync(Timeout));

        Assert.Equal(DisconnectReason.TransportClose, await disconnected.Task.WaitAsync(Timeout));
        await Assert.ThrowsAsync<SocketDisconnectedException>(() => pending.WaitAsync(Timeout));
        Assert.False(harness.Server.Sockets.Sockets.ContainsKey(sid));
        Assert.False(socket.Connected);
    }

    [Fact]
    public async Task Join_AfterDisconnect_SocketStaysOutOfTheAdapter()
    {
        var harness = new SocketIOHarness();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var joined = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Server.On("late", async e =>
        {
            await release.Task;
            e.Socket.Join("late-room");
            joined.TrySetResult();
        });
        var (connection, sid) = await harness.ConnectAsync();

        Assert.True(await harness.Engine.SendTextAsync(connection, "2[\"late\"]").WaitAsync(Timeout));
        await harness.Engine.CloseAsync(connection, EngineCloseReason.TransportClose).WaitAsync(Timeout);
        release.SetResult();
        await joined.Task.WaitAsync(Timeout);

        Assert.Empty(await harness.Server.In("late-room").FetchSocketsAsync().WaitAsync(Timeout));
        Assert.DoesNotContain("late-room", harness.Server.Sockets.Adapter.GetLocalRooms());
        Assert.DoesNotContain(sid, harness.Server.Sockets.Adapter.GetLocalRooms());
    }

    [Fact]
    public async Task Join_InMiddlewareThenRefused_LeavesNoGhost()
    {
        var harness = new SocketIOHarness();
        harness.Server.Use((socket, _) =>
        {
            socket.Join("early");
            throw new SocketConnectException("no");
        });
        var connection = await harness.Engine.OpenAsync().WaitAsync(Timeout);

        Assert.True(await harness.Engine.SendTextAsync(connection, "0").WaitAsync(Timeout));

        Assert.StartsWith("4{\"message\":", await connection.ReadTextAsync(Timeout), StringComparison.Ordinal);
        Assert.Empty(harness.Server.Sockets.Adapter.GetLocalRooms());
        Assert.Empty(await harness.Server.FetchSocketsAsync().WaitAsync(Timeout));
    }

    private sealed class FailingDeleteAdapter(Namespace nsp) : InMemoryAdapter(nsp)
    {
        public override void DeleteAll(Socket socket) => throw new InvalidOperationException("adapter failure");
    }
}
