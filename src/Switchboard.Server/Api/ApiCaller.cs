using Switchboard.Server.Auth;

namespace Switchboard.Server.Api;

/// <summary>The signed-in user of a request, with the token that proved it.</summary>
internal sealed record ApiCaller(UserIdentity User, JwtClaims Claims, string Token)
{
    public bool IsAdmin => User.IsAdmin;

    public string Id => User.Id;
}
