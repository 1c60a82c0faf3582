using StackExchange.Redis;

namespace Switchboard.Server.Scaling;

/// <summary>
/// Leases as Open WebUI lays its locks out (<c>{prefix}:usage_cleanup_lock</c> = owner id with a TTL), renewed and
/// released by a script that checks the owner first, so an instance never extends or deletes a lease another took over.
/// </summary>
internal sealed class RedisLeaseStore(RedisConnection redis) : ILeaseStore
{
    public async Task<bool> TryAcquireAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        return await db.StringSetAsync(key, owner, lease, When.NotExists);
    }

    public async Task<bool> RenewAsync(string key, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var result = await db.ScriptEvaluateAsync(RedisScripts.LeaseRenew, new { key = (RedisKey)key, owner, lease = (long)lease.TotalMilliseconds });
        return (long)result == 1;
    }

    public async Task ReleaseAsync(string key, string owner, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        await db.ScriptEvaluateAsync(RedisScripts.LeaseRelease, new { key = (RedisKey)key, owner });
    }
}
