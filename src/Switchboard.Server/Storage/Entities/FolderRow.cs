namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>folder</c> table (composite key id + user_id); only the tree is mapped.</summary>
internal sealed class FolderRow
{
    public required string Id { get; set; }

    public required string UserId { get; set; }

    public string? ParentId { get; set; }
}
