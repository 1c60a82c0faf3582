
namespace Switchboard.SocketIO.Tests;

public class AckTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    [Fact]
    public async Task EmitWithAckAsync_ClientAnswers_ResultReturned()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.Server.Sockets.Sockets[sid];

        var call = socket.EmitWithAckAsync<Answer>("events", [new { Type = "confirmation" }], TimeSpan.FromSeconds(60));
        var sent = await connection.ReadTextAsync(Timeout);
        Assert.Equal("20[\"events\",{\"type\":\"confirmation\"}]", sent);
        await harness.Engine.SendTextAsync(connection, "30[{\"ok\":true}]");

        Assert.True((await call.WaitAsync(Timeout))!.Ok);
    }

    [Fact]
    public async Task EmitWithAckAsync_BinaryAnswer_BytesAvailable()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();

        var call = harness.Server.Sockets.Sockets[sid].EmitWithAckAsync("get", [], TimeSpan.FromSeconds(5));
        Assert.Equal("20[\"get\"]", await connection.ReadTextAsync(Timeout));
        await harness.Engine.SendTextAsync(connection, "61-0[{\"_placeholder\":true,\"num\":0}]");
        await harness.Engine.SendBinaryAsync(connection, 5, 6);

        var args = await call.WaitAsync(Timeout);
        Assert.Equal([5, 6], args.GetBytes(0).ToArray());
    }

    [Fact]
    public async Task EmitWithAckAsync_NoAnswer_TimesOutOnFakeClock()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();

        var call = harness.Server.Sockets.Sockets[sid].EmitWithAckAsync("q", [], TimeSpan.FromSeconds(2));
        await connection.ReadTextAsync(Timeout);
        harness.Time.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<TimeoutException>(() => call.WaitAsync(Timeout));

        // A late answer for the expired id is ignored, not an error.
        Assert.True(await harness.Engine.SendTextAsync(connection, "30[1]"));
    }

    [Fact]
    public async Task EmitWithAckAsync_Cancelled_Throws()
    {
        var harness = new SocketIOHarness();
        var (_, sid) = await harness.ConnectAsync();
        using var cts = new CancellationTokenSource();

        var call = harness.Server.Sockets.Sockets[sid].EmitWithAckAsync("q", [], cancellationToken: cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Timeout));
    }

    [Fact]
    public async Task EmitWithAckAsync_SocketDisconnects_Fails()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();

        var call = harness.Server.Sockets.Sockets[sid].EmitWithAckAsync("q", []);
        await harness.Engine.SendTextAsync(connection, "1");

        await Assert.ThrowsAsync<SocketDisconnectedException>(() => call.WaitAsync(Timeout));
    }

    [Fact]
    public async Task EmitWithAckAsync_AckIdsIncrease()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.Server.Sockets.Sockets[sid];

        var first = socket.EmitWithAckAsync("a", []);
        var second = socket.EmitWithAckAsync("b", []);
        Assert.Equal("20[\"a\"]", await connection.ReadTextAsync(Timeout));
        Assert.Equal("21[\"b\"]", await connection.ReadTextAsync(Timeout));
        await harness.Engine.SendTextAsync(connection, "31[\"second\"]");
        await harness.Engine.SendTextAsync(connection, "30[\"first\"]");

        Assert.Equal("first", (await first.WaitAsync(Timeout)).Get<string>(0));
        Assert.Equal("second", (await second.WaitAsync(Timeout)).Get<string>(0));
    }

    [Fact]
    public async Task BroadcastEmitWithAck_AllAnswer_CollectsEveryResponse()
    {
        var harness = new SocketIOHarness();
        var (a, _) = await harness.ConnectAsync();
        var (b, _) = await harness.ConnectAsync();

        var call = harness.Server.Sockets.Timeout(TimeSpan.FromSeconds(5)).EmitWithAckAsync("ask", [1]);
        Assert.Equal("20[\"ask\",1]", await a.ReadTextAsync(Timeout));
        Assert.Equal("20[\"ask\",1]", await b.ReadTextAsync(Timeout));
        await harness.Engine.SendTextAsync(a, "30[\"from-a\"]");
        await harness.Engine.SendTextAsync(b, "30[\"from-b\"]");

        var result = await call.WaitAsync(Timeout);
        Assert.False(result.TimedOut);
        Assert.Equal(2, result.ExpectedResponses);
        Assert.Equal(["from-a", "from-b"], result.Responses.Select(r => r.Get<string>(0)).Order());
    }

    [Fact]
    public async Task BroadcastEmitWithAck_OneSilent_TimesOutWithPartialResponses()
    {
        var harness = new SocketIOHarness();
        var (a, _) = await harness.ConnectAsync();
        var (b, _) = await harness.ConnectAsync();

        var call = harness.Server.Sockets.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("ask", []);
        await a.ReadTextAsync(Timeout);
        await b.ReadTextAsync(Timeout);
        await harness.Engine.SendTextAsync(a, "30[\"only-a\"]");
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        var result = await call.WaitAsync(Timeout);
        Assert.True(result.TimedOut);
        Assert.Equal(2, result.ExpectedResponses);
        Assert.Equal("only-a", Assert.Single(result.Responses).Get<string>(0));
    }

    [Fact]
    public async Task BroadcastEmitWithAck_NoTargets_CompletesEmpty()
    {
        var harness = new SocketIOHarness();

        var result = await harness.Server.To("nobody").EmitWithAckAsync("ask", []).WaitAsync(Timeout);

        Assert.Empty(result.Responses);
        Assert.False(result.TimedOut);
    }

    [Fact]
    public async Task BroadcastEmitWithAck_ManyTimeOuts_SocketHoldsNoPendingAcks()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.Server.Sockets.Sockets[sid];

        for (var i = 0; i < 20; i++)
        {
            var call = harness.Server.Sockets.Timeout(TimeSpan.FromSeconds(1)).EmitWithAckAsync("ask", [i]);
            await connection.ReadTextAsync(Timeout);
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            Assert.True((await call.WaitAsync(Timeout)).TimedOut);
        }

        Assert.Equal(0, socket.PendingAckCount);
    }

    [Fact]
    public async Task BroadcastEmitWithAck_Cancelled_SocketHoldsNoPendingAcks()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();
        using var cts = new CancellationTokenSource();

        var call = harness.Server.Sockets.EmitWithAckAsync("ask", [], cts.Token);
        await connection.ReadTextAsync(Timeout);
        Assert.Equal(1, harness.Server.Sockets.Sockets[sid].PendingAckCount);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Timeout));
        Assert.Equal(0, harness.Server.Sockets.Sockets[sid].PendingAckCount);
    }

    [Fact]
    public async Task EmitWithAckAsync_TimedOutOrCancelled_SocketHoldsNoPendingAcks()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();
        var socket = harness.Server.Sockets.Sockets[sid];
        using var cts = new CancellationTokenSource();

        var timedOut = socket.EmitWithAckAsync("q", [], TimeSpan.FromSeconds(1));
        var cancelled = socket.EmitWithAckAsync("q", [], cancellationToken: cts.Token);
        await connection.ReadTextAsync(Timeout);
        await connection.ReadTextAsync(Timeout);
        Assert.Equal(2, socket.PendingAckCount);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await cts.CancelAsync();

        await Assert.ThrowsAsync<TimeoutException>(() => timedOut.WaitAsync(Timeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        Assert.Equal(0, socket.PendingAckCount);
    }

    public sealed record Answer(bool Ok);
}
