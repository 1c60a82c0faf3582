namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>group</c> table (<c>permissions</c> e.g. <c>{"features":{"channels":true}}</c>; timestamps in epoch seconds).</summary>
internal sealed class GroupRow
{
    public required string Id { get; set; }

    public string? UserId { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? Data { get; set; }

    public string? Meta { get; set; }

    public string? Permissions { get; set; }

    public long? CreatedAt { get; set; }

    public long? UpdatedAt { get; set; }
}
