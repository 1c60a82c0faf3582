using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Sessions;

/// <summary>
/// Writes <c>user.last_active_at</c> (epoch s) for heartbeats, at most once per user per
/// <see cref="SwitchboardOptions.ActiveStatusUpdateInterval"/> however many tabs the user has (G8).
/// </summary>
internal sealed class PresenceWriter(DbConnections connections, TimeProvider time, IOptions<SwitchboardOptions> options)
{
    private readonly ConcurrentDictionary<string, long> _lastWrite = new(StringComparer.Ordinal);

    /// <summary>Records activity of <paramref name="userId"/>; returns whether the database was written.</summary>
    public async Task<bool> TouchAsync(string userId, CancellationToken cancellationToken)
    {
        var now = time.Milliseconds();
        var interval = (long)options.Value.ActiveStatusUpdateInterval.TotalMilliseconds;
        while (true)
        {
            if (_lastWrite.TryGetValue(userId, out var last))
            {
                if (now - last < interval)
                {
                    return false;
                }

                if (!_lastWrite.TryUpdate(userId, now, last))
                {
                    continue;
                }
            }
            else if (!_lastWrite.TryAdd(userId, now))
            {
                continue;
            }

            break;
        }

        var seconds = now / 1000;
        // Plain SQL on the database's writer: EF translates an ExecuteUpdate afresh on each call, which cost more than the write.
        await connections.WriteAsync(async (session, ct) =>
        {
            var command = session.Command("UPDATE \"user\" SET last_active_at = @seconds WHERE id = @id");
            DbWriteSession.Add(command, "seconds", seconds);
            DbWriteSession.Add(command, "id", userId);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
        Prune(now, interval);
        return true;
    }

    // Entries older than the interval say nothing any more; dropping them keeps the map as small as the active users.
    private void Prune(long now, long interval)
    {
        if (_lastWrite.Count < 1024)
        {
            return;
        }

        foreach (var (user, at) in _lastWrite)
        {
            if (now - at >= interval)
            {
                _lastWrite.TryRemove(new KeyValuePair<string, long>(user, at));
            }
        }
    }
}
