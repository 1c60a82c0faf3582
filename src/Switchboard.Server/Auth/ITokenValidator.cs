namespace Switchboard.Server.Auth;

/// <summary>
/// Checks an Open WebUI session token completely: HS256 signature with the deployment's secret, expiry, revocation
/// (a revoked <c>jti</c>, or a user-wide revocation time at or after <c>iat</c>), and that the user exists with role
/// <c>user</c> or <c>admin</c>.
/// </summary>
public interface ITokenValidator
{
    /// <summary>Checks <paramref name="token"/> now.</summary>
    Task<TokenCheck> ValidateAsync(string? token, CancellationToken cancellationToken = default);

    /// <summary>Whether the claims of an accepted token are still good now (not expired, not revoked); no user lookup.</summary>
    Task<JwtFailure?> RecheckAsync(JwtClaims claims, CancellationToken cancellationToken = default);

    /// <summary>Issues a token for <paramref name="userId"/> with <c>jti</c>, <c>iat</c> and the configured <c>JWT_EXPIRES_IN</c>.</summary>
    string CreateToken(string userId, TimeSpan? expiresIn = null);
}
