namespace Switchboard.Server.Auth;

/// <summary>The claims of an Open WebUI session token: <c>id</c> (user id), optional <c>exp</c>, <c>iat</c> (epoch seconds) and <c>jti</c>.</summary>
public sealed record JwtClaims
{
    /// <summary>The user id (claim <c>id</c>).</summary>
    public required string UserId { get; init; }

    /// <summary>Expiry in epoch seconds (claim <c>exp</c>); <see langword="null"/> when the token never expires.</summary>
    public double? ExpiresAt { get; init; }

    /// <summary>Issue time in epoch seconds (claim <c>iat</c>), used by user-wide revocation.</summary>
    public double? IssuedAt { get; init; }

    /// <summary>The token id (claim <c>jti</c>), used by single-token revocation.</summary>
    public string? TokenId { get; init; }
}
