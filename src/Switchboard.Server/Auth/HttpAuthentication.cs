using Microsoft.Net.Http.Headers;

namespace Switchboard.Server.Auth;

/// <summary>
/// The session token of an HTTP request, as Open WebUI reads it: <c>Authorization: Bearer &lt;jwt&gt;</c>, else the
/// <c>token</c> cookie. (API keys, <c>sk-...</c>, are not accepted here.)
/// </summary>
public static class HttpAuthentication
{
    /// <summary>The request's token, or <see langword="null"/>.</summary>
    public static string? ReadToken(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header[7..].Trim() is { Length: > 0 } bearer)
        {
            return bearer;
        }

        return request.Cookies.TryGetValue("token", out var cookie) && cookie.Length > 0 ? cookie : null;
    }

    /// <summary>Checks the request's token; an invalid or missing one gives a refused <see cref="TokenCheck"/>.</summary>
    public static Task<TokenCheck> AuthenticateAsync(this ITokenValidator tokens, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(context);
        var token = ReadToken(context.Request);
        return token is null ? Task.FromResult(TokenCheck.Refused(JwtFailure.Malformed)) : tokens.ValidateAsync(token, context.RequestAborted);
    }
}
