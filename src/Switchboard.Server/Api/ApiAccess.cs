namespace Switchboard.Server.Api;

/// <summary>Who may call an endpoint: Open WebUI's <c>get_current_user</c>, <c>get_verified_user</c> and <c>get_admin_user</c>.</summary>
internal enum ApiAccess
{
    /// <summary>Any signed-in user, <c>pending</c> included.</summary>
    AnyUser,

    /// <summary><c>user</c> or <c>admin</c>.</summary>
    Verified,

    /// <summary><c>admin</c> only.</summary>
    Admin,
}
