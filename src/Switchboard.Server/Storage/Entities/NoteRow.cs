namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>note</c> table (<c>data</c> = <c>{content:{json,html,md}, files, versions}</c>; timestamps in epoch nanoseconds).</summary>
internal sealed class NoteRow
{
    public required string Id { get; set; }

    public string? UserId { get; set; }

    public string? Title { get; set; }

    public string? Data { get; set; }

    public string? Meta { get; set; }

    public long? CreatedAt { get; set; }

    public long? UpdatedAt { get; set; }
}
