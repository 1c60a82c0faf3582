namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>message</c> table: a channel message (timestamps in epoch nanoseconds).</summary>
internal sealed class ChannelMessageRow
{
    public required string Id { get; set; }

    public string? UserId { get; set; }

    public string? ChannelId { get; set; }

    public string? ReplyToId { get; set; }

    public string? ParentId { get; set; }

    public bool IsPinned { get; set; }

    public long? PinnedAt { get; set; }

    public string? PinnedBy { get; set; }

    public string? Content { get; set; }

    public string? Data { get; set; }

    public string? Meta { get; set; }

    public long? CreatedAt { get; set; }

    public long? UpdatedAt { get; set; }
}
