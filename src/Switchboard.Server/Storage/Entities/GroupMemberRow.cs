namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>group_member</c> table (timestamps in epoch seconds).</summary>
internal sealed class GroupMemberRow
{
    public required string Id { get; set; }

    public required string GroupId { get; set; }

    public required string UserId { get; set; }

    public long? CreatedAt { get; set; }

    public long? UpdatedAt { get; set; }
}
