using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;
using Switchboard.Server.Auth;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Scaling;

/// <summary>
/// Revocation in Redis mode: recorded in the database as with one instance (<see cref="TokenRevocations"/>, which also
/// disconnects this instance's sockets), in Open WebUI's keys (<c>{prefix}:auth:token:{jti}:revoked</c> with the
/// token's remaining life, <c>{prefix}:auth:user:{id}:revoked_at</c>), and announced on a channel so every instance
/// disconnects the affected sockets at once (<see cref="RevocationSubscriber"/>). Checks read both; a Redis failure
/// there fails open to the database's answer, as Open WebUI does.
/// </summary>
internal sealed partial class RedisTokenRevocations(
    TokenRevocations database,
    RedisConnection redis,
    TimeProvider time,
    ILogger<RedisTokenRevocations> logger) : ITokenRevocations
{
    public async Task RevokeTokenAsync(string tokenId, string? userId, long? expiresAt, CancellationToken cancellationToken = default)
    {
        await database.RevokeTokenAsync(tokenId, userId, expiresAt, cancellationToken);
        var ttl = expiresAt is { } exp ? new Expiration(TimeSpan.FromSeconds(Math.Max(1, exp - time.Seconds()))) : Expiration.Default;
        await AnnounceAsync(
            db => db.StringSetAsync(redis.Keys.RevokedToken(tokenId), "1", ttl),
            new RevocationMessage { TokenId = tokenId });
    }

    public async Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        var revokedAt = time.Seconds();
        await database.RevokeUserAsync(userId, cancellationToken);
        await AnnounceAsync(
            db => db.StringSetAsync(redis.Keys.UserRevokedAt(userId), revokedAt.ToString(CultureInfo.InvariantCulture)),
            new RevocationMessage { UserId = userId, RevokedAt = revokedAt });
    }

    public async Task<bool> IsRevokedAsync(JwtClaims claims, CancellationToken cancellationToken = default)
    {
        if (await database.IsRevokedAsync(claims, cancellationToken))
        {
            return true;
        }

        try
        {
            var db = await redis.GetDatabaseAsync(cancellationToken);
            if (claims.TokenId is { } jti && await db.KeyExistsAsync(redis.Keys.RevokedToken(jti)))
            {
                return true;
            }

            var at = await db.StringGetAsync(redis.Keys.UserRevokedAt(claims.UserId));
            return !at.IsNullOrEmpty && double.TryParse((string)at!, NumberStyles.Float, CultureInfo.InvariantCulture, out var revokedAt) &&
                TokenRevocations.IsRevokedBy(claims, (long)revokedAt);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.CheckFailed(logger, ex.Message);
            return false;
        }
    }

    private async Task AnnounceAsync(Func<IDatabase, Task> write, RevocationMessage message)
    {
        try
        {
            var db = await redis.GetDatabaseAsync();
            await write(db);
            await db.Multiplexer.GetSubscriber().PublishAsync(
                RedisChannel.Literal(redis.Keys.RevocationChannel), JsonSerializer.Serialize(message, RevocationMessage.JsonOptions));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Recorded in the database: the other instances' monitors find it within their poll interval.
            Log.AnnounceFailed(logger, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Revocation keys could not be read from Redis ({Message}); the database answered.", EventName = "CheckFailed")]
        public static partial void CheckFailed(ILogger logger, string message);

        [LoggerMessage(2, LogLevel.Warning, "A revocation was stored but not announced through Redis ({Message}); other instances find it by polling.", EventName = "AnnounceFailed")]
        public static partial void AnnounceFailed(ILogger logger, string message);
    }
}
