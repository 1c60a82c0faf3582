using Switchboard.Server.Auth;

namespace Switchboard.Server.Sessions;

/// <summary>Who a socket is: the user and the claims of the token that authenticated it (replaced together by <c>user-join</c>).</summary>
internal sealed record SessionAuth(UserIdentity User, JwtClaims Claims);
