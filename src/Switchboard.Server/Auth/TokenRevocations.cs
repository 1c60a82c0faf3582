using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Sessions;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Auth;

/// <summary>
/// Revocations kept in <c>switchboard_revoked_token</c> and <c>switchboard_user_revocation</c>. A revocation made here
/// disconnects this instance's sockets at once; <see cref="RevocationMonitor"/> finds the ones other instances record.
/// Checks read <see cref="RevocationCache"/>, which a revocation made here updates at once.
/// </summary>
internal sealed class TokenRevocations(
    IDbContextFactory<WebUIDbContext> contexts,
    TimeProvider time,
    RevocationCache cache,
    SessionTerminator terminator) : ITokenRevocations
{
    public async Task RevokeTokenAsync(string tokenId, string? userId, long? expiresAt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenId);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.RevokedTokens.AsTracking().FirstOrDefaultAsync(r => r.Jti == tokenId, cancellationToken);
            if (row is null)
            {
                db.RevokedTokens.Add(new RevokedTokenRow { Jti = tokenId, UserId = userId, ExpiresAt = expiresAt, RecordedAt = time.Milliseconds() });
            }
            else
            {
                row.RecordedAt = time.Milliseconds();
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        cache.AddToken(tokenId, expiresAt);
        await terminator.DisconnectRevokedAsync(s => s.Claims.TokenId == tokenId);
    }

    public async Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var revokedAt = time.Seconds();
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var row = await db.UserRevocations.AsTracking().FirstOrDefaultAsync(r => r.UserId == userId, cancellationToken);
            if (row is null)
            {
                db.UserRevocations.Add(new UserRevocationRow { UserId = userId, RevokedAt = revokedAt, RecordedAt = time.Milliseconds() });
            }
            else
            {
                row.RevokedAt = Math.Max(row.RevokedAt, revokedAt);
                row.RecordedAt = time.Milliseconds();
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        cache.AddUser(userId, revokedAt);
        await terminator.DisconnectRevokedAsync(s => s.User.Id == userId && IsRevokedBy(s.Claims, revokedAt));
    }

    // The runtime caches the completed Task<bool> of both answers, so a check from a fresh copy allocates nothing.
    public async Task<bool> IsRevokedAsync(JwtClaims claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        return await cache.IsRevokedAsync(claims, cancellationToken);
    }

    /// <summary>Open WebUI's rule: refused when <c>revoked_at &gt;= iat</c>, and always when the token has no <c>iat</c>.</summary>
    internal static bool IsRevokedBy(JwtClaims claims, long revokedAt) => claims.IssuedAt is not { } iat || revokedAt >= iat;
}
