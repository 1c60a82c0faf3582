namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of <c>switchboard_revoked_token</c>: a token refused by its <c>jti</c> until it expires.</summary>
internal sealed class RevokedTokenRow
{
    public required string Jti { get; set; }

    public string? UserId { get; set; }

    /// <summary>Epoch seconds after which the row may be deleted (the token has expired anyway).</summary>
    public long? ExpiresAt { get; set; }

    /// <summary>Epoch milliseconds when it was recorded (other instances poll for new rows).</summary>
    public long RecordedAt { get; set; }
}
