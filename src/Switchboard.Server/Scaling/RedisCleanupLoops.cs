using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Scaling;

/// <summary>
/// Redis mode's cleanup, each loop on one instance at a time under its lease (Open WebUI's lock names): the usage
/// sweep every <see cref="SwitchboardOptions.UsageExpiry"/>, and the session reaper, which drops the presence of
/// sockets not seen for <see cref="SwitchboardOptions.SessionPoolTimeout"/> (those of a dead instance). Nothing here
/// depends on a dead instance having cleaned up after itself. Does nothing with one instance.
/// </summary>
internal sealed class RedisCleanupLoops(
    RedisConnection redis,
    ILeaseStore leases,
    RedisUsageStore usage,
    RedisSessionPresence presence,
    TimeProvider time,
    IOptions<SwitchboardOptions> options,
    ILogger<LeasedLoop> logger) : BackgroundService
{
    private const int ReapBatch = 1000;

    private string Owner => redis.InstanceId;

    public IReadOnlyList<LeasedLoop> Loops { get; private set; } = [];

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.IsRedisMode)
        {
            return Task.CompletedTask;
        }

        redis.Restored += () => _ = presence.RewriteAllAsync();
        var reapEvery = TimeSpan.FromTicks(Math.Clamp(o.SessionPoolTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(30).Ticks));
        Loops =
        [
            new LeasedLoop(redis.Keys.UsageCleanupLock, Owner, o.RedisLockTimeout, o.UsageExpiry, leases, usage.SweepAsync, time, logger),
            new LeasedLoop(redis.Keys.SessionCleanupLock, Owner, o.RedisLockTimeout, reapEvery, leases, ReapAsync, time, logger),
        ];
        return Task.WhenAll(Loops.Select(l => l.RunAsync(stoppingToken)));
    }

    private async Task ReapAsync(CancellationToken cancellationToken)
    {
        while (await presence.ReapAsync(ReapBatch, cancellationToken) == ReapBatch)
        {
        }
    }
}
