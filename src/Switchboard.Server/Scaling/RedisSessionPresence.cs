using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.Server.Configuration;
using Switchboard.Server.Sessions;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Scaling;

/// <summary>
/// Presence in Redis (G8): <c>{prefix}:session_pool</c> keeps Open WebUI's layout (socket id → the user as JSON with
/// <c>last_seen_at</c>, s), and <c>{prefix}:switchboard:session_expiry</c> (socket id → expiry, ms) lets the session
/// reaper of any instance drop the sockets of an instance that died. Both are written on connect and refreshed by each
/// heartbeat; a disconnect removes them. Redis failures are logged and never reach the socket.
/// </summary>
internal sealed partial class RedisSessionPresence(
    RedisConnection redis,
    SessionRegistry sessions,
    TimeProvider time,
    IOptions<SwitchboardOptions> options,
    ILogger<RedisSessionPresence> logger) : ISessionPresence, ISocketCleanup
{
    public Task OnAuthenticatedAsync(SocketSession session) => WriteAsync(session);

    public Task OnHeartbeatAsync(SocketSession session) => WriteAsync(session);

    public async Task<string?> GetUserIdAsync(string socketId, CancellationToken cancellationToken = default)
    {
        RedisValue value;
        try
        {
            var db = await redis.GetDatabaseAsync(cancellationToken);
            value = await db.HashGetAsync(redis.Keys.SessionPool, socketId);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.PresenceFailed(logger, socketId, ex.Message);
            return null;
        }

        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse((string)value!);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("id", out var id) &&
                id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async Task OnDisconnectAsync(SocketSession session, string[] documents)
    {
        if (!options.Value.IsRedisMode || session.Auth is null)
        {
            return;
        }

        try
        {
            var db = await redis.GetDatabaseAsync();
            await Task.WhenAll(db.HashDeleteAsync(redis.Keys.SessionPool, session.Id), db.SortedSetRemoveAsync(redis.Keys.SessionExpiry, session.Id));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The entry expires on its own; the reaper of some instance removes it.
            Log.PresenceFailed(logger, session.Id, ex.Message);
        }
    }

    private async Task WriteAsync(SocketSession session)
    {
        if (session.User is not { } user || session.Closed)
        {
            return;
        }

        var now = time.GetUtcNow();
        var value = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = user.Id,
            ["name"] = user.Name,
            ["email"] = user.Email,
            ["role"] = user.Role,
            ["last_seen_at"] = now.ToUnixTimeSeconds(),
        });
        var expiresAt = now.Add(options.Value.SessionPoolTimeout).ToUnixTimeMilliseconds();
        try
        {
            var db = await redis.GetDatabaseAsync();
            await Task.WhenAll(
                db.HashSetAsync(redis.Keys.SessionPool, session.Id, value),
                db.SortedSetAddAsync(redis.Keys.SessionExpiry, session.Id, expiresAt));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.PresenceFailed(logger, session.Id, ex.Message);
        }
    }

    /// <summary>
    /// Writes the presence of every socket of this instance again: after Redis came back (a restarted Redis that
    /// saves nothing has lost it), so calls and ownership checks find these sockets before their next heartbeat.
    /// </summary>
    public async Task RewriteAllAsync()
    {
        var all = sessions.All;
        foreach (var session in all)
        {
            await WriteAsync(session);
        }

        Log.Rewritten(logger, all.Count);
    }

    /// <summary>
    /// One pass of the session reaper: drops up to <paramref name="limit"/> expired sockets (three one-key scripts,
    /// <see cref="RedisScripts.SessionExpired"/>); returns how many expired sockets it found.
    /// </summary>
    public async Task<int> ReapAsync(int limit, CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var now = time.Milliseconds();
        var expired = (RedisValue[])(await db.ScriptEvaluateAsync(RedisScripts.SessionExpired, [redis.Keys.SessionExpiry], [now, limit]))!;
        if (expired.Length == 0)
        {
            return 0;
        }

        var timeout = (long)options.Value.SessionPoolTimeout.TotalMilliseconds;
        await db.ScriptEvaluateAsync(RedisScripts.SessionDrop, [redis.Keys.SessionPool], [now, timeout, .. expired]);
        await db.ScriptEvaluateAsync(RedisScripts.SessionForget, [redis.Keys.SessionExpiry], [now, .. expired]);
        return expired.Length;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Presence of socket {SocketId} not written to Redis: {Message}", EventName = "PresenceFailed")]
        public static partial void PresenceFailed(ILogger logger, string socketId, string message);

        [LoggerMessage(2, LogLevel.Information, "Redis is back: wrote the presence of this instance's {Count} sockets again.", EventName = "PresenceRewritten")]
        public static partial void Rewritten(ILogger logger, int count);
    }
}
