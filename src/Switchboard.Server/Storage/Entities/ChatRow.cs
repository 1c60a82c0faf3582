namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>chat</c> table (<c>chat</c> JSON holds <c>history.messages</c>; timestamps in epoch seconds).</summary>
internal sealed class ChatRow
{
    public required string Id { get; set; }

    public string? UserId { get; set; }

    public string? Title { get; set; }

    public string? Chat { get; set; }

    public long? CreatedAt { get; set; }

    public long? UpdatedAt { get; set; }

    public string? ShareId { get; set; }

    public bool? Archived { get; set; }

    public bool? Pinned { get; set; }

    public string Meta { get; set; } = "{}";

    public string? FolderId { get; set; }

    public long? LastReadAt { get; set; }
}
