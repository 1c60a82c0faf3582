namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>channel_member</c> table (timestamps in epoch nanoseconds).</summary>
internal sealed class ChannelMemberRow
{
    public required string Id { get; set; }

    public required string ChannelId { get; set; }

    public required string UserId { get; set; }

    public string? Role { get; set; }

    public string? Status { get; set; }

    public bool IsActive { get; set; } = true;

    public bool IsChannelMuted { get; set; }

    public bool IsChannelPinned { get; set; }

    public string? Data { get; set; }

    public string? Meta { get; set; }

    public string? InvitedBy { get; set; }

    public long? InvitedAt { get; set; }

    public long JoinedAt { get; set; }

    public long? LeftAt { get; set; }

    public long? LastReadAt { get; set; }

    public long? CreatedAt { get; set; }

    public long? UpdatedAt { get; set; }
}
