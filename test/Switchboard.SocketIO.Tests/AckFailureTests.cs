using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests;

// Issue 8, items 6 and 7: waits for acks end when the packet was never sent or the recipient left.
public class AckFailureTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    [Fact]
    public async Task EmitWithAckAsync_SendRejectedNoTimeout_FailsAtOnce()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();
        connection.RejectSends = true;

        var call = harness.Server.Sockets.Sockets[sid].EmitWithAckAsync("q", []);

        var ex = await Record.ExceptionAsync(() => call.WaitAsync(Timeout));
        Assert.IsAssignableFrom<IOException>(ex);
        Assert.Equal(0, harness.Server.Sockets.Sockets[sid].PendingAckCount);
    }

    [Fact]
    public async Task EmitWithAckAsync_SendRejectedWithTimeout_FailsWithoutWaitingForTheTimeout()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();
        connection.RejectSends = true;

        var call = harness.Server.Sockets.Sockets[sid].EmitWithAckAsync("q", [], TimeSpan.FromSeconds(30));

        // The fake clock never moves: a TimeoutException here would be a timeout reported for a packet never sent.
        var ex = await Record.ExceptionAsync(() => call.WaitAsync(Timeout));
        Assert.IsAssignableFrom<IOException>(ex);
    }

    [Fact]
    public async Task BroadcastEmitWithAck_RecipientDisconnectsNoTimeout_CompletesWithTheOthers()
    {
        var harness = new SocketIOHarness();
        var (a, _) = await harness.ConnectAsync();
        var (b, _) = await harness.ConnectAsync();

        var call = harness.Server.Sockets.EmitWithAckAsync("ask", []);
        await a.ReadTextAsync(Timeout);
        await b.ReadTextAsync(Timeout);
        await harness.Engine.SendTextAsync(a, "30[\"from-a\"]");
        await harness.Engine.CloseAsync(b, EngineCloseReason.TransportClose).WaitAsync(Timeout);

        var result = await call.WaitAsync(Timeout);
        Assert.False(result.TimedOut);
        Assert.Equal("from-a", Assert.Single(result.Responses).Get<string>(0));
        Assert.Equal(1, result.ExpectedResponses);
    }

    [Fact]
    public async Task BroadcastEmitWithAck_RecipientLeavesNamespace_CompletesWithTheOthers()
    {
        var harness = new SocketIOHarness();
        var (a, _) = await harness.ConnectAsync();
        var (b, _) = await harness.ConnectAsync();

        var call = harness.Server.Sockets.EmitWithAckAsync("ask", []);
        await a.ReadTextAsync(Timeout);
        await b.ReadTextAsync(Timeout);
        await harness.Engine.SendTextAsync(b, "1");
        await harness.Engine.SendTextAsync(a, "30[\"from-a\"]");

        var result = await call.WaitAsync(Timeout);
        Assert.False(result.TimedOut);
        Assert.Single(result.Responses);
    }

    [Fact]
    public async Task BroadcastEmitWithAck_NoTimeoutGivenNobodyAnswers_EndsAfterTheDefaultMinute()
    {
        var harness = new SocketIOHarness();
        var (a, _) = await harness.ConnectAsync();

        var call = harness.Server.Sockets.EmitWithAckAsync("ask", []);
        await a.ReadTextAsync(Timeout);
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        var result = await call.WaitAsync(Timeout);
        Assert.True(result.TimedOut);
        Assert.Empty(result.Responses);
    }
}
