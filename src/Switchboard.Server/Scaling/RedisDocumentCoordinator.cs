using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.Server.Configuration;
using Switchboard.Server.Documents;

namespace Switchboard.Server.Scaling;

/// <summary>
/// Documents shared by instances (G5): log numbers from a Redis counter (one log, no two instances writing the same
/// number), each accepted update announced on <c>{prefix}:switchboard:documents</c> (<see cref="DocumentSubscriber"/>
/// applies it on the other instances), and a lease per document so one instance saves and compacts it per debounce;
/// the holder renews it when it saves, at most a third of a lease apart, and another instance takes over within one
/// lease after the holder dies. A Redis failure never loses an update: the numbering falls back to a whole-state save,
/// and the lease fails open (two instances saving the same converged document is harmless, none saving is not).
/// </summary>
internal sealed partial class RedisDocumentCoordinator(
    RedisConnection redis,
    ILeaseStore leases,
    TimeProvider time,
    IOptions<SwitchboardOptions> options,
    ILogger<RedisDocumentCoordinator> logger) : IDocumentCoordinator
{
    private static readonly TimeSpan CounterLifetime = TimeSpan.FromDays(1);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _held = new(StringComparer.Ordinal);

    public bool IsShared => true;

    private TimeSpan Lease => options.Value.RedisLockTimeout;

    public async Task<long?> NextSeqAsync(NoteDocument document)
    {
        try
        {
            var db = await redis.GetDatabaseAsync();
            var result = await db.ScriptEvaluateAsync(RedisScripts.DocumentSeq, new
            {
                key = (RedisKey)redis.Keys.DocumentSeq(document.Id.Value),
                floor = document.LastSeq,
                ttl = (long)CounterLifetime.TotalMilliseconds,
            });
            return (long)result;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.Failed(logger, "numbering an update of", document.Id.Value, ex.Message);
            return null;
        }
    }

    public async Task PublishAsync(NoteDocument document, long seq, byte[] update)
    {
        var message = JsonSerializer.Serialize(new DocumentAnnouncement(redis.InstanceId, document.Id.Value, seq, update));
        try
        {
            var db = await redis.GetDatabaseAsync();
            await db.Multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(redis.Keys.DocumentChannel), message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Logged already: the others read it from the stored log when they next load or compact.
            Log.Failed(logger, "announcing an update of", document.Id.Value, ex.Message);
        }
    }

    public async Task<bool> TryHoldSaveAsync(NoteDocument document)
    {
        var key = redis.Keys.DocumentSaveLock(document.Id.Value);
        var now = time.GetUtcNow();
        try
        {
            if (_held.TryGetValue(key, out var renewedAt))
            {
                if (now - renewedAt < Lease / 3)
                {
                    return true;
                }

                if (await leases.RenewAsync(key, redis.InstanceId, Lease, CancellationToken.None))
                {
                    _held[key] = now;
                    return true;
                }

                _held.TryRemove(key, out _);
            }

            if (await leases.TryAcquireAsync(key, redis.InstanceId, Lease, CancellationToken.None))
            {
                _held[key] = now;
                return true;
            }

            return false;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.Failed(logger, "taking the save lease of", document.Id.Value, ex.Message);
            return true;
        }
    }

    public async Task ReleaseAsync(NoteDocument document)
    {
        var key = redis.Keys.DocumentSaveLock(document.Id.Value);
        if (!_held.TryRemove(key, out _))
        {
            return;
        }

        try
        {
            await leases.ReleaseAsync(key, redis.InstanceId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.Failed(logger, "releasing the save lease of", document.Id.Value, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Redis failed {What} document {DocumentId}: {Message}", EventName = "DocumentRedisFailed")]
        public static partial void Failed(ILogger logger, string what, string documentId, string message);
    }
}
