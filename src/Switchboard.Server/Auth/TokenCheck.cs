using System.Diagnostics.CodeAnalysis;

namespace Switchboard.Server.Auth;

/// <summary>The outcome of a full token check: the user and claims, or why it was refused.</summary>
public readonly record struct TokenCheck(UserIdentity? User, JwtClaims? Claims, JwtFailure? Failure)
{
    /// <summary>Whether the token was accepted.</summary>
    [MemberNotNullWhen(true, nameof(User), nameof(Claims))]
    public bool IsValid => User is not null && Claims is not null;

    /// <summary>A refusal.</summary>
    public static TokenCheck Refused(JwtFailure failure) => new(null, null, failure);
}
