namespace Switchboard.Server.Auth;

/// <summary>The authenticated user of a socket or request, as the token check loaded it.</summary>
public sealed record UserIdentity
{
    /// <summary>The user id.</summary>
    public required string Id { get; init; }

    /// <summary>The display name.</summary>
    public required string Name { get; init; }

    /// <summary><c>admin</c>, <c>user</c> or <c>pending</c>.</summary>
    public required string Role { get; init; }

    /// <summary>The e-mail address.</summary>
    public string? Email { get; init; }

    /// <summary>Whether the user is an admin (allowed everything by the access rules).</summary>
    public bool IsAdmin => Role == "admin";
}
