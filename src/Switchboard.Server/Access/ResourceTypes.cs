namespace Switchboard.Server.Access;

/// <summary>Values of <c>access_grant.resource_type</c> and <c>principal_type</c> the socket layer uses.</summary>
public static class ResourceTypes
{
    /// <summary>A note.</summary>
    public const string Note = "note";

    /// <summary>A channel.</summary>
    public const string Channel = "channel";

    /// <summary>A principal that is a user (or <c>*</c>, everyone).</summary>
    public const string UserPrincipal = "user";

    /// <summary>A principal that is a group.</summary>
    public const string GroupPrincipal = "group";

    /// <summary>The principal id meaning everyone.</summary>
    public const string Everyone = "*";

    /// <summary>The <c>permission</c> column's value for <paramref name="permission"/>.</summary>
    public static string Name(this AccessLevel permission) => permission == AccessLevel.Write ? "write" : "read";
}
