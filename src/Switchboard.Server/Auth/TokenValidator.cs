using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Auth;

/// <summary>The <see cref="ITokenValidator"/> of the server: signature and expiry by <see cref="JwtToken"/>, then revocation and the user row.</summary>
internal sealed class TokenValidator(
    SigningKey key,
    DbConnections connections,
    ITokenRevocations revocations,
    TimeProvider time,
    IOptions<SwitchboardOptions> options) : ITokenValidator
{
    public async Task<TokenCheck> ValidateAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (!JwtToken.TryValidate(token, key.Bytes, NowSeconds(), out var claims, out var failure))
        {
            return TokenCheck.Refused(failure);
        }

        if (await revocations.IsRevokedAsync(claims, cancellationToken))
        {
            return TokenCheck.Refused(JwtFailure.Revoked);
        }

        var user = await TokenUser.FindAsync(connections, claims.UserId, cancellationToken);
        if (user is null)
        {
            return TokenCheck.Refused(JwtFailure.UnknownUser);
        }

        // Pending users (and any role Open WebUI does not know) get no rooms (NEWEST get_verified_user_by_token).
        if (user.Role is not ("user" or "admin"))
        {
            return TokenCheck.Refused(JwtFailure.NotPermitted);
        }

        var identity = new UserIdentity { Id = user.Id, Name = user.Name ?? "", Role = user.Role, Email = user.Email };
        return new TokenCheck(identity, claims, null);
    }

    public async Task<JwtFailure?> RecheckAsync(JwtClaims claims, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claims);
        if (claims.ExpiresAt is { } exp && exp <= NowSeconds())
        {
            return JwtFailure.Expired;
        }

        return await revocations.IsRevokedAsync(claims, cancellationToken) ? JwtFailure.Revoked : null;
    }

    public string CreateToken(string userId, TimeSpan? expiresIn = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = time.GetUtcNow();
        var lifetime = expiresIn ?? options.Value.JwtExpiresIn;
        var claims = new JwtClaims
        {
            UserId = userId,
            IssuedAt = now.ToUnixTimeSeconds(),
            ExpiresAt = lifetime is { } life ? (now + life).ToUnixTimeSeconds() : null,
            TokenId = Guid.NewGuid().ToString(),
        };
        return JwtToken.Create(claims, key.Bytes);
    }

    private double NowSeconds() => time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
}
