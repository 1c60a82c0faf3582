namespace Switchboard.Server.Auth;

/// <summary>Why a token was refused.</summary>
public enum JwtFailure
{
    /// <summary>Not a token at all: missing, not three base64url parts, not JSON, or an <c>sk-</c> API key.</summary>
    Malformed,

    /// <summary>The header names an algorithm other than HS256 (including <c>none</c>).</summary>
    WrongAlgorithm,

    /// <summary>The HS256 signature does not match the deployment's secret.</summary>
    BadSignature,

    /// <summary>The <c>exp</c> claim is in the past.</summary>
    Expired,

    /// <summary>The <c>id</c> claim is missing or not a string.</summary>
    MissingUserId,

    /// <summary>The token's <c>jti</c>, or every token of its user issued before a time, was revoked.</summary>
    Revoked,

    /// <summary>No user has the token's id.</summary>
    UnknownUser,

    /// <summary>The user exists but is <c>pending</c> (or has an unknown role), so gets no rooms.</summary>
    NotPermitted,
}
