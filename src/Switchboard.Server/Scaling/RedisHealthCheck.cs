using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Scaling;

/// <summary>In Redis mode, ready only while Redis answers a PING (during an outage emits to other instances are dropped).</summary>
internal sealed class RedisHealthCheck(RedisConnection redis, IOptions<SwitchboardOptions> options) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.IsRedisMode)
        {
            return HealthCheckResult.Healthy("one instance, no Redis");
        }

        try
        {
            var db = await redis.GetDatabaseAsync(cancellationToken);
            await db.PingAsync().WaitAsync(Timeout, cancellationToken);
            return HealthCheckResult.Healthy();
        }
#pragma warning disable CA1031 // Any failure to reach Redis means "not ready"; the reason is reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("Redis does not answer", ex);
        }
    }
}
