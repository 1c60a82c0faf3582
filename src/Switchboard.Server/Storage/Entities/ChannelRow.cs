namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>channel</c> table (timestamps in epoch nanoseconds; <c>type</c> NULL or empty = standard).</summary>
internal sealed class ChannelRow
{
    public required string Id { get; set; }

    public string? UserId { get; set; }

    public string? Type { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public bool? IsPrivate { get; set; }

    public string? Data { get; set; }

    public string? Meta { get; set; }

    public long? CreatedAt { get; set; }

    public long? UpdatedAt { get; set; }

    public string? UpdatedBy { get; set; }

    public long? ArchivedAt { get; set; }

    public string? ArchivedBy { get; set; }

    public long? DeletedAt { get; set; }

    public string? DeletedBy { get; set; }
}
