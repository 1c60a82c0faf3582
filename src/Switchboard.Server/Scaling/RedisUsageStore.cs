using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.Server.Configuration;
using Switchboard.Server.Sessions;
using Switchboard.Server.Usage;

namespace Switchboard.Server.Scaling;

/// <summary>
/// Models in use across instances (G9), in Open WebUI's <c>{prefix}:usage_pool</c> (model → JSON
/// <c>{"&lt;sid&gt;": {"updated_at": s}}</c>) so its Python code reads the same thing; every change is one Lua script,
/// never a read-modify-write from here. Reads ignore expired sockets; the usage cleanup loop (under a lease, on one
/// instance) deletes them, including those of an instance that died. This instance remembers which models each of
/// its sockets reported, so a disconnect touches only those.
/// </summary>
internal sealed class RedisUsageStore(RedisConnection redis, TimeProvider time, IOptions<SwitchboardOptions> options) : IUsageStore, ISocketCleanup
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _bySocket = new(StringComparer.Ordinal);

    private double Now => time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

    private double Expiry => options.Value.UsageExpiry.TotalSeconds;

    public async Task ReportAsync(string model, string socketId, CancellationToken cancellationToken = default)
    {
        _bySocket.GetOrAdd(socketId, _ => new(StringComparer.Ordinal))[model] = 0;
        var db = await redis.GetDatabaseAsync(cancellationToken);
        await db.ScriptEvaluateAsync(RedisScripts.UsageReport, new
        {
            pool = (RedisKey)redis.Keys.UsagePool,
            model,
            sid = socketId,
            now = Now.ToString("F3", CultureInfo.InvariantCulture),
            ttl = Expiry.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async Task RemoveSocketAsync(string socketId, CancellationToken cancellationToken = default)
    {
        if (!_bySocket.TryRemove(socketId, out var models))
        {
            return;
        }

        var db = await redis.GetDatabaseAsync(cancellationToken);
        await Task.WhenAll(models.Keys.Select(model =>
            db.ScriptEvaluateAsync(RedisScripts.UsageRemove, new { pool = (RedisKey)redis.Keys.UsagePool, model, sid = socketId })));
    }

    public async Task<IReadOnlyList<string>> GetModelIdsAsync(CancellationToken cancellationToken = default)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var entries = await db.HashGetAllAsync(redis.Keys.UsagePool);
        var now = Now;
        var models = new List<string>();
        foreach (var entry in entries)
        {
            if (HasLiveSocket(entry.Value, now, Expiry))
            {
                models.Add(entry.Name!);
            }
        }

        models.Sort(StringComparer.Ordinal);
        return models;
    }

    /// <summary>One pass of the usage cleanup loop; returns how many expired sockets were dropped.</summary>
    public async Task<long> SweepAsync(CancellationToken cancellationToken)
    {
        var db = await redis.GetDatabaseAsync(cancellationToken);
        var result = await db.ScriptEvaluateAsync(RedisScripts.UsageSweep, new
        {
            pool = (RedisKey)redis.Keys.UsagePool,
            now = Now.ToString("F3", CultureInfo.InvariantCulture),
            ttl = Expiry.ToString(CultureInfo.InvariantCulture),
        });
        return (long)result;
    }

    Task ISocketCleanup.OnDisconnectAsync(SocketSession session, string[] documents) => RemoveSocketAsync(session.Id);

    private static bool HasLiveSocket(RedisValue value, double now, double expiry)
    {
        try
        {
            using var json = JsonDocument.Parse((string)value!);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            foreach (var socket in json.RootElement.EnumerateObject())
            {
                if (socket.Value.ValueKind == JsonValueKind.Object && socket.Value.TryGetProperty("updated_at", out var at) &&
                    at.TryGetDouble(out var updatedAt) && now - updatedAt <= expiry)
                {
                    return true;
                }
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }
}
