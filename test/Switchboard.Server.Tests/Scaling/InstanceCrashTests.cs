using System.Text.Json.Nodes;
using StackExchange.Redis;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Server.Usage;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>An instance that dies leaves nothing behind: the others expire its presence and usage (G8, G9).</summary>
public sealed class InstanceCrashTests
{
    [RedisModeFact]
    public async Task SigKill_InstanceWithTabs_PresenceAndUsageExpireOnTheirOwn()
    {
        var settings = new RedisModeSettings
        {
            SessionPoolTimeout = TimeSpan.FromSeconds(4),
            LockTimeout = TimeSpan.FromSeconds(3),
            UsageExpiry = TimeSpan.FromSeconds(2),
        };
        await using var cluster = await RedisModeCluster.StartAsync(processes: 1, settings);
        var user = await Seed.UserAsync(cluster.A);
        var b = cluster.Processes[0];
        var tab = await RedisModeCluster.ConnectAsync(b.Url, user.Id);
        await using var liveTab = await RedisModeCluster.ConnectAsync(cluster.A.Url, user.Id);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Url.Replace("redis://", "", StringComparison.Ordinal));
        var db = redis.GetDatabase();

        // Both tabs heartbeat (every 200 ms, well inside the 4-s timeout) as the frontend does: on a loaded machine the
        // set-up below can take longer than the timeout, and a tab that stays silent that long is rightly reaped.
        using var stopDeadTab = new CancellationTokenSource();
        using var stop = new CancellationTokenSource();

        // The doomed tab also repeats its usage, as the frontend does while a model generates.
        var deadTabHeartbeats = HeartbeatAsync(tab, withUsage: true, stopDeadTab.Token);
        var heartbeats = HeartbeatAsync(liveTab, withUsage: false, stop.Token);
        await Eventually.TrueAsync(async () => await db.HashExistsAsync(cluster.Keys.SessionPool, tab.Sid), "the tab's presence is in session_pool");
        await Eventually.TrueAsync(async () => await db.HashExistsAsync(cluster.Keys.UsagePool, "crash-model"), "the tab's usage is in usage_pool");
        Assert.Contains("crash-model", await cluster.Service<IUsageStore>().GetModelIdsAsync());

        await stopDeadTab.CancelAsync();
        await deadTabHeartbeats.WaitAsync(SocketIOTab.Timeout);
        await b.KillAsync();
        await tab.DisposeAsync();

        // Meanwhile the tab on A keeps sending heartbeats: it must stay.
        await Eventually.TrueAsync(async () => !await db.HashExistsAsync(cluster.Keys.SessionPool, tab.Sid), "the dead instance's presence is reaped");
        await Eventually.TrueAsync(async () => !await db.HashExistsAsync(cluster.Keys.UsagePool, "crash-model"), "the dead instance's usage is swept");
        await stop.CancelAsync();
        await heartbeats.WaitAsync(SocketIOTab.Timeout);
        Assert.True(await db.HashExistsAsync(cluster.Keys.SessionPool, liveTab.Sid), "a tab that heartbeats is not reaped");
        Assert.Equal([liveTab.Sid], (await db.SortedSetRangeByRankAsync(cluster.Keys.SessionExpiry)).Select(v => (string)v!));
        Assert.DoesNotContain("crash-model", await cluster.Service<IUsageStore>().GetModelIdsAsync());
    }

    private static Task HeartbeatAsync(SocketIOTab tab, bool withUsage, CancellationToken stop) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            await tab.CallAsync("heartbeat", new JsonObject());
            if (withUsage)
            {
                await tab.CallAsync("usage", new JsonObject { ["action"] = "generate", ["model"] = "crash-model", ["chat_id"] = "c1" });
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }, CancellationToken.None);
}
