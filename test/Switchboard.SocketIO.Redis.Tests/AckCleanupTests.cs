namespace Switchboard.SocketIO.Redis.Tests;

/// <summary>A broadcast with ack forgets what it registered for other servers on completion, timeout and cancellation.</summary>
public sealed class AckCleanupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RedisTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task BroadcastWithAck_CompletedTimedOutOrCancelled_RegistrationsRemoved(bool sharded)
    {
        var prefix = RedisEnvironment.UniquePrefix();
        await using var clients = await NodeSide.StartAsync(RedisEnvironment.Url, "clients", prefix);
        await using var s0 = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, prefix, sharded);
        await using var s1 = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, prefix, sharded);
        await Eventually.TrueAsync(async () => await s0.Server.Sockets.Adapter.ServerCountAsync(CancellationToken.None) == 2, "two servers");
        var adapter = (RedisAdapterBase)s0.Server.Sockets.Adapter;
        await clients.RunAsync("connect", new { name = "answers", url = s1.Url, room = "answers" });
        await clients.RunAsync("connect", new { name = "silent", url = s1.Url, room = "silent", ack = false });

        // Completed: the remote client answered.
        var done = await s0.Server.Sockets.Timeout(TimeSpan.FromSeconds(10)).To("answers").EmitWithAckAsync("ask", []).WaitAsync(Timeout);
        Assert.Equal(["ack:ask"], done.Responses.Select(r => r.Get<string>(0)));
        Assert.Equal(0, adapter.PendingAckRequests);

        // Timed out: the remote client was counted but never answers.
        var late = await s0.Server.Sockets.Timeout(TimeSpan.FromMilliseconds(300)).To("silent").EmitWithAckAsync("ask", []).WaitAsync(Timeout);
        Assert.True(late.TimedOut);
        Assert.Equal(0, adapter.PendingAckRequests);

        // Cancelled (no timeout).
        using var cts = new CancellationTokenSource();
        var pending = s0.Server.Sockets.To("silent").EmitWithAckAsync("ask", [], cts.Token);
        await Eventually.TrueAsync(() => adapter.PendingAckRequests == 1, "registered while waiting");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending.WaitAsync(Timeout));
        Assert.Equal(0, adapter.PendingAckRequests);
        Assert.Equal(0, adapter.PendingRequests);
    }
}
