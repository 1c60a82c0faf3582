namespace Switchboard.Server.Access;

/// <summary>What a user may do with one resource.</summary>
/// <param name="Exists">Whether the resource exists.</param>
/// <param name="CanRead">Read permission (owner, admin or a read grant).</param>
/// <param name="CanWrite">Write permission (owner, admin or a write grant).</param>
public readonly record struct ResourceAccess(bool Exists, bool CanRead, bool CanWrite)
{
    /// <summary>No such resource: nothing allowed.</summary>
    public static ResourceAccess NotFound => default;
}
