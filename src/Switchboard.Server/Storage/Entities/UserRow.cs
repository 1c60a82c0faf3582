namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>user</c> table (timestamps in epoch seconds). Only the columns Switchboard reads are mapped.</summary>
internal sealed class UserRow
{
    public required string Id { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Role { get; set; }

    public string? ProfileImageUrl { get; set; }

    public string? Settings { get; set; }

    public string? Info { get; set; }

    public long? LastActiveAt { get; set; }

    public long? UpdatedAt { get; set; }

    public long? CreatedAt { get; set; }
}
