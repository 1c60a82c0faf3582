using System.Text.Json.Nodes;
using Switchboard.Server.Auth;

namespace Switchboard.Server.Completions;

/// <summary>Open WebUI's error shape (<c>{detail}</c>), the bearer check and the bounded body reader of the completion endpoints.</summary>
internal static class HttpErrors
{
    public static IResult Detail(int status, string detail) => Results.Json(new { detail }, statusCode: status);

    /// <summary>The verified user (role <c>user</c> or <c>admin</c>), or the 401 to answer.</summary>
    public static async Task<(UserIdentity? User, IResult? Refusal)> AuthenticateAsync(ITokenValidator tokens, HttpContext context)
    {
        var check = await tokens.AuthenticateAsync(context);
        if (!check.IsValid)
        {
            return (null, Detail(StatusCodes.Status401Unauthorized, "Not authenticated"));
        }

        return check.User.Role is "user" or "admin"
            ? (check.User, null)
            : (null, Detail(StatusCodes.Status401Unauthorized, "Your account is not activated yet (role pending)."));
    }

    /// <summary>The request's JSON body, read up to <paramref name="maxBytes"/>; or the 400/413 to answer.</summary>
    public static async Task<(JsonNode? Body, IResult? Refusal)> ReadJsonAsync(HttpRequest request, int maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            return (null, Detail(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return (null, Detail(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes."));
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return (JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)), null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, Detail(StatusCodes.Status400BadRequest, "The body is not valid JSON: " + ex.Message));
        }
    }
}
