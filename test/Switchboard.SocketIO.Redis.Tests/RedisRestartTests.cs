using StackExchange.Redis;
using Switchboard.Testing;

namespace Switchboard.SocketIO.Redis.Tests;

/// <summary>
/// Two Switchboard servers on a redis-server of the test's own, which is killed and started again in the middle:
/// during the outage local delivery goes on, broadcasts to other servers are dropped and counted, requests fail with a
/// clear exception; afterwards the subscriptions are back and everything crosses again.
/// </summary>
public sealed class RedisRestartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RedisFact(needsServerBinary: true)]
    public Task Classic_RedisRestart_EverythingWorksAgain() => RunAsync(sharded: false);

    [RedisFact(needsServerBinary: true)]
    public Task Sharded_RedisRestart_EverythingWorksAgain() => RunAsync(sharded: true);

    [RedisFact(needsServerBinary: true)]
    public Task ClassicThroughMultiplexer_RedisRestart_EverythingWorksAgain() => RunAsync(sharded: false, dedicated: false);

    [RedisFact(needsServerBinary: true)]
    public Task ShardedThroughMultiplexer_RedisRestart_EverythingWorksAgain() => RunAsync(sharded: true, dedicated: false);

    [RedisFact(needsServerBinary: true)]
    public Task ClassicPublishingThroughMultiplexer_RedisRestart_EverythingWorksAgain() => RunAsync(sharded: false, publisher: false);

    [RedisFact(needsServerBinary: true)]
    public Task ShardedPublishingThroughMultiplexer_RedisRestart_EverythingWorksAgain() => RunAsync(sharded: true, publisher: false);

    private static async Task RunAsync(bool sharded, bool dedicated = true, bool? publisher = null)
    {
        await using var redis = await RedisServerProcess.StartAsync();
        var prefix = RedisEnvironment.UniquePrefix();
        await using var clients = await NodeSide.StartAsync(redis.Url, "clients", prefix);
        await using var s0 = await SwitchboardInstance.StartAsync(redis.Url, prefix, sharded, dedicated, publisher);
        await using var s1 = await SwitchboardInstance.StartAsync(redis.Url, prefix, sharded, dedicated, publisher);
        var c1 = await clients.ConnectAsync("C1", s0.Url, "r");
        var c2 = await clients.ConnectAsync("C2", s1.Url, "r");
        await Eventually.TrueAsync(async () => await s0.Server.Sockets.Adapter.ServerCountAsync(CancellationToken.None) == 2, "two servers");
        Assert.Equal(dedicated, s0.Redis.DedicatedSubscriberConnected is not null);
        await WaitForRoomChannelAsync(redis, prefix, sharded);
        await s0.Server.To("r").EmitAsync("before");
        await clients.WaitForEventAsync("C2", "before");

        await redis.KillAsync();
        await Eventually.TrueAsync(() => !s0.Redis.IsConnected && !s1.Redis.IsConnected, "both servers noticed the outage");

        // The broadcast returns at once: delivered locally, dropped (and counted) for the other server.
        await s0.Server.To("r").EmitAsync("during").AsTask().WaitAsync(Timeout);
        await clients.WaitForEventAsync("C1", "during");
        await Eventually.TrueAsync(() => s0.Redis.DroppedBroadcasts >= 1, "the broadcast counted as dropped");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => s0.Server.In("r").FetchSocketsAsync().WaitAsync(Timeout));
        Assert.True(failure is RedisException or TimeoutException, failure.ToString());

        await redis.StartAgainAsync();
        await Eventually.TrueAsync(async () => await CountQuietlyAsync(s0) == 2 && await CountQuietlyAsync(s1) == 2, "both servers subscribed again", TimeSpan.FromSeconds(60));
        await WaitForRoomChannelAsync(redis, prefix, sharded);

        await s0.Server.To("r").EmitAsync("after");
        var (_, missed) = await clients.WaitForEventAsync("C2", "after");
        Assert.DoesNotContain("during", missed);
        await s1.Server.To("r").EmitAsync("after-back");
        await clients.WaitForEventAsync("C1", "after-back");
        var fetched = await s1.Server.In("r").FetchSocketsAsync().WaitAsync(Timeout);
        Assert.Equal(new[] { c1, c2 }.Order(), fetched.Select(s => s.Id).Order());
        var acks = await s1.Server.Sockets.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("ask", []).WaitAsync(Timeout);
        Assert.Equal(2, acks.Responses.Count);
    }

    [RedisFact(needsServerBinary: true)]
    public async Task Start_RedisDownAtFirst_SubscribesOnceItIsUp()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await redis.KillAsync();
        var prefix = RedisEnvironment.UniquePrefix();
        await using var clients = await NodeSide.StartAsync(redis.Url, "clients", prefix);
        await using var s0 = await SwitchboardInstance.StartAsync(redis.Url, prefix, sharded: false);
        await using var s1 = await SwitchboardInstance.StartAsync(redis.Url, prefix, sharded: false);
        await redis.StartAgainAsync();
        await Eventually.TrueAsync(async () => await CountQuietlyAsync(s0) == 2, "both servers subscribed", TimeSpan.FromSeconds(60));
        await clients.ConnectAsync("C1", s0.Url, "r");
        await s1.Server.To("r").EmitAsync("hello");
        await clients.WaitForEventAsync("C1", "hello");
    }

    private static async Task<int> CountQuietlyAsync(SwitchboardInstance server)
    {
        try
        {
            return await server.Server.Sockets.Adapter.ServerCountAsync(CancellationToken.None);
        }
        catch (RedisException)
        {
            return -1;
        }
    }

    // Sharded: room "r" has a channel on both servers (resubscribed after the restart too).
    private static async Task WaitForRoomChannelAsync(RedisServerProcess redis, string prefix, bool sharded)
    {
        if (!sharded)
        {
            return;
        }

        await using var client = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redis.Port}");
        await Eventually.TrueAsync(async () =>
        {
            var result = (RedisResult[])(await client.GetDatabase().ExecuteAsync("PUBSUB", "SHARDNUMSUB", prefix + "#/#r#"))!;
            return (long)result[1] == 2;
        }, "room channel subscribed on both servers", TimeSpan.FromSeconds(60));
    }
}
