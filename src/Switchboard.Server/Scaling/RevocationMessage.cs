using System.Text.Json;
using System.Text.Json.Serialization;

namespace Switchboard.Server.Scaling;

/// <summary>A revocation announced on <c>{prefix}:switchboard:revocations</c>: <c>{"jti"}</c> or <c>{"user_id", "revoked_at"}</c>.</summary>
internal sealed record RevocationMessage
{
    public static readonly JsonSerializerOptions JsonOptions = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    [JsonPropertyName("jti")]
    public string? TokenId { get; init; }

    [JsonPropertyName("user_id")]
    public string? UserId { get; init; }

    [JsonPropertyName("revoked_at")]
    public long? RevokedAt { get; init; }
}
