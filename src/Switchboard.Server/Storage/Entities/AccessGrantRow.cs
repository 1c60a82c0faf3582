namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>access_grant</c> table: one principal (<c>user</c>/<c>group</c>, an id or <c>*</c>) holding one permission on one resource.</summary>
internal sealed class AccessGrantRow
{
    public required string Id { get; set; }

    public required string ResourceType { get; set; }

    public required string ResourceId { get; set; }

    public required string PrincipalType { get; set; }

    public required string PrincipalId { get; set; }

    public required string Permission { get; set; }

    public long CreatedAt { get; set; }
}
