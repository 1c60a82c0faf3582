using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Sessions;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Auth;

/// <summary>
/// Finds revocations recorded by other instances (or by Open WebUI's side of a shared database) and disconnects the
/// affected sockets here (G15). Polls the two small revocation tables every <see cref="SwitchboardOptions.RevocationPollInterval"/>
/// for rows recorded since the last look (with a margin for clock skew; applying a revocation twice is harmless).
/// Also drops token revocations whose token has expired anyway.
/// </summary>
internal sealed partial class RevocationMonitor(
    IDbContextFactory<WebUIDbContext> contexts,
    SessionRegistry sessions,
    SessionTerminator terminator,
    StorageCapabilities capabilities,
    TimeProvider time,
    IOptions<SwitchboardOptions> options,
    ILogger<RevocationMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = time.Milliseconds();
        var lastPurge = time.GetUtcNow();
        using var timer = new PeriodicTimer(options.Value.RevocationPollInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (!capabilities.Ready)
                {
                    continue;
                }

                try
                {
                    var now = time.Milliseconds();
                    await PollAsync(since - (long)Margin.TotalMilliseconds, stoppingToken);
                    since = now;
                    if (time.GetUtcNow() - lastPurge > PurgeEvery)
                    {
                        lastPurge = time.GetUtcNow();
                        await PurgeAsync(stoppingToken);
                    }
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // A database hiccup must not end the monitor; it tries again next tick.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Log.PollFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping, or the host failed to start and disposes its services: the timer's wait ends with this.
        }
    }

    internal async Task PollAsync(long sinceMs, CancellationToken cancellationToken)
    {
        if (sessions.Count == 0)
        {
            return;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tokens = await db.RevokedTokens.Where(r => r.RecordedAt >= sinceMs).Select(r => r.Jti).ToListAsync(cancellationToken);
        var users = await db.UserRevocations.Where(r => r.RecordedAt >= sinceMs).Select(r => new { r.UserId, r.RevokedAt }).ToListAsync(cancellationToken);
        if (tokens.Count > 0)
        {
            var set = tokens.ToHashSet(StringComparer.Ordinal);
            await terminator.DisconnectRevokedAsync(a => a.Claims.TokenId is { } jti && set.Contains(jti));
        }

        foreach (var user in users)
        {
            await terminator.DisconnectRevokedAsync(a => a.User.Id == user.UserId && TokenRevocations.IsRevokedBy(a.Claims, user.RevokedAt));
        }
    }

    private async Task PurgeAsync(CancellationToken cancellationToken)
    {
        var now = time.Seconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await db.RevokedTokens.Where(r => r.ExpiresAt != null && r.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Looking for new token revocations failed; trying again.", EventName = "PollFailed")]
        public static partial void PollFailed(ILogger logger, Exception exception);
    }
}
