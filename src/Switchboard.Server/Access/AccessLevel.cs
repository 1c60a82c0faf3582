namespace Switchboard.Server.Access;

/// <summary>The permissions of <c>access_grant</c> rows; read and write are granted independently.</summary>
public enum AccessLevel
{
    /// <summary><c>read</c>.</summary>
    Read,

    /// <summary><c>write</c>.</summary>
    Write,
}
