using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests;

// Issue 8, item 9: MaximumParallelInvocationsPerClient (default 1, as SignalR) and a token that fires when the socket goes.
public class InvocationLimitTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    [Fact]
    public async Task Events_DefaultLimit_OneClientsHandlersRunOneAtATime()
    {
        var harness = new SocketIOHarness();
        var started = 0;
        var gates = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        harness.Server.On("work", async e => await gates[Interlocked.Increment(ref started) - 1].Task);
        var (connection, _) = await harness.ConnectAsync();

        Assert.True(await harness.Engine.SendTextAsync(connection, "2[\"work\"]").WaitAsync(Timeout));
        Assert.True(await harness.Engine.SendTextAsync(connection, "2[\"work\"]").WaitAsync(Timeout));

        // Each delivery runs a handler up to its first await before returning: only the first one may have started.
        Assert.Equal(1, Volatile.Read(ref started));
        gates[0].SetResult();
        await Eventually(() => Volatile.Read(ref started) == 2);
        gates[1].SetResult();
    }

    [Fact]
    public async Task Events_TwoClients_RunInParallel()
    {
        var harness = new SocketIOHarness();
        var started = 0;
        var gate = new TaskCompletionSource();
        harness.Server.On("work", async e =>
        {
            Interlocked.Increment(ref started);
            await gate.Task;
        });
        var (a, _) = await harness.ConnectAsync();
        var (b, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(a, "2[\"work\"]").WaitAsync(Timeout);
        await harness.Engine.SendTextAsync(b, "2[\"work\"]").WaitAsync(Timeout);

        Assert.Equal(2, Volatile.Read(ref started));
        gate.SetResult();
    }

    [Fact]
    public async Task Events_LimitOfTwo_ThirdWaits()
    {
        var harness = new SocketIOHarness(o => o.MaximumParallelInvocationsPerClient = 2);
        var started = 0;
        var gate = new TaskCompletionSource();
        harness.Server.On("work", async e =>
        {
            Interlocked.Increment(ref started);
            await gate.Task;
        });
        var (connection, _) = await harness.ConnectAsync();

        for (var i = 0; i < 3; i++)
        {
            await harness.Engine.SendTextAsync(connection, "2[\"work\"]").WaitAsync(Timeout);
        }

        Assert.Equal(2, Volatile.Read(ref started));
        gate.SetResult();
        await Eventually(() => Volatile.Read(ref started) == 3);
    }

    [Fact]
    public async Task Handler_AwaitsAckFromItsOwnClient_AckIsNotHeldBehindQueuedEvents()
    {
        var harness = new SocketIOHarness();
        var answered = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Server.On("ask-me", async e => answered.TrySetResult((await e.Socket.EmitWithAckAsync("question", [])).Get<string>(0)));
        harness.Server.On("other", _ => { });
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "2[\"ask-me\"]").WaitAsync(Timeout);
        Assert.Equal("20[\"question\"]", await connection.ReadTextAsync(Timeout));
        await harness.Engine.SendTextAsync(connection, "2[\"other\"]").WaitAsync(Timeout);
        await harness.Engine.SendTextAsync(connection, "30[\"answer\"]").WaitAsync(Timeout);

        Assert.Equal("answer", await answered.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Event_SocketDisconnects_TokenFiresAndQueuedEventsAreDropped()
    {
        var harness = new SocketIOHarness();
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        harness.Server.On("long", async e =>
        {
            Interlocked.Increment(ref calls);
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, e.CancellationToken);
            }
            catch (OperationCanceledException) when (e.CancellationToken.IsCancellationRequested)
            {
                cancelled.TrySetResult();
            }
        });
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "2[\"long\"]").WaitAsync(Timeout);
        await harness.Engine.SendTextAsync(connection, "2[\"long\"]").WaitAsync(Timeout);
        await harness.Engine.CloseAsync(connection, EngineCloseReason.TransportClose).WaitAsync(Timeout);

        await cancelled.Task.WaitAsync(Timeout);
        Assert.Equal(1, Volatile.Read(ref calls));
    }

    [Fact]
    public async Task Events_QueueFull_ReadLoopWaitsUntilOneFinishes()
    {
        var harness = new SocketIOHarness(o => o.MaximumQueuedInvocationsPerClient = 2);
        var gate = new TaskCompletionSource();
        harness.Server.On("work", async e => await gate.Task);
        var (connection, _) = await harness.ConnectAsync();

        await harness.Engine.SendTextAsync(connection, "2[\"work\"]").WaitAsync(Timeout);
        await harness.Engine.SendTextAsync(connection, "2[\"work\"]").WaitAsync(Timeout);
        var third = harness.Engine.SendTextAsync(connection, "2[\"work\"]");

        Assert.False(third.IsCompleted);
        gate.SetResult();
        Assert.True(await third.WaitAsync(Timeout));
    }

    private static Task Eventually(Func<bool> condition) => EngineIO.Eventually.TrueAsync(condition);
}
