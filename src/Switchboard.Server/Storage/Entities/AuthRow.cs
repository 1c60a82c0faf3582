namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>auth</c> table: the password hash (bcrypt <c>$2b$</c> or argon2id) of a user.</summary>
internal sealed class AuthRow
{
    public required string Id { get; set; }

    public string? Email { get; set; }

    public string? Password { get; set; }

    public bool? Active { get; set; }
}
