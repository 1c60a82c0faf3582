namespace Switchboard.Server.Api;

/// <summary>Open WebUI's user roles.</summary>
internal static class Roles
{
    public const string Admin = "admin";
    public const string User = "user";
    public const string Pending = "pending";

    public static bool IsKnown(string? role) => role is Admin or User or Pending;
}
