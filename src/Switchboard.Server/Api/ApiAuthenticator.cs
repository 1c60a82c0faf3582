using Switchboard.Server.Auth;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Api;

/// <summary>
/// Open WebUI's <c>get_current_user</c>: the request's bearer token (or <c>token</c> cookie) checked for signature,
/// expiry and revocation, and its user loaded, whatever the role. <see cref="ITokenValidator"/> refuses
/// <c>pending</c> users outright (the socket's rule); the REST API needs them for sign-in, the session and sign-out.
/// </summary>
internal sealed class ApiAuthenticator(
    SigningKey key,
    ITokenRevocations revocations,
    DbConnections connections,
    TimeProvider time)
{
    public async Task<ApiCaller?> AuthenticateAsync(HttpContext context)
    {
        var token = HttpAuthentication.ReadToken(context.Request);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;
        if (!JwtToken.TryValidate(token, key.Bytes, now, out var claims, out _) ||
            await revocations.IsRevokedAsync(claims, context.RequestAborted))
        {
            return null;
        }

        var user = await TokenUser.FindAsync(connections, claims.UserId, context.RequestAborted);
        return user is null
            ? null
            : new ApiCaller(new UserIdentity { Id = user.Id, Name = user.Name ?? "", Role = user.Role ?? Roles.Pending, Email = user.Email }, claims, token!);
    }
}
