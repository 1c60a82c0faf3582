using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Health;

/// <summary>Ready when the schema check at start has finished, the needed tables exist, and the database answers a query.</summary>
internal sealed class DatabaseHealthCheck(IDbContextFactory<WebUIDbContext> contexts, StorageCapabilities capabilities) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!capabilities.Ready)
        {
            return HealthCheckResult.Unhealthy("the database is being prepared");
        }

        if (capabilities.MissingTables.Count > 0)
        {
            return HealthCheckResult.Unhealthy($"missing Open WebUI tables: {string.Join(", ", capabilities.MissingTables)}");
        }

        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Meta.AnyAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
#pragma warning disable CA1031 // Any failure to reach the database means "not ready"; the reason is reported.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("the database does not answer", ex);
        }
    }
}
