namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of <c>switchboard_user_revocation</c>: every token of the user issued at or before <see cref="RevokedAt"/> is refused.</summary>
internal sealed class UserRevocationRow
{
    public required string UserId { get; set; }

    /// <summary>Epoch seconds (Open WebUI's <c>revoked_at</c>): tokens with <c>iat</c> at or before it, or without <c>iat</c>, are refused.</summary>
    public long RevokedAt { get; set; }

    /// <summary>Epoch milliseconds when it was recorded (other instances poll for new rows).</summary>
    public long RecordedAt { get; set; }
}
