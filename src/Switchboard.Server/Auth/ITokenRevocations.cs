namespace Switchboard.Server.Auth;

/// <summary>
/// Token revocation with Open WebUI's semantics (MID): one token by its <c>jti</c>, or every token of a user issued
/// at or before a time (tokens without <c>iat</c> included). Revoking disconnects the affected sockets on every
/// instance within a second.
/// </summary>
public interface ITokenRevocations
{
    /// <summary>Revokes one token; <paramref name="expiresAt"/> (epoch s) lets the record be dropped once the token is dead anyway.</summary>
    Task RevokeTokenAsync(string tokenId, string? userId, long? expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Revokes every token of <paramref name="userId"/> issued up to now (sign-out everywhere, role change, deletion).</summary>
    Task RevokeUserAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Whether <paramref name="claims"/> were revoked.</summary>
    Task<bool> IsRevokedAsync(JwtClaims claims, CancellationToken cancellationToken = default);
}
