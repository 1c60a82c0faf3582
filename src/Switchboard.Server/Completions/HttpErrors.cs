using System.Buffers;
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
            return (null, TooLarge(maxBytes));
        }

        // One pooled buffer, sized by Content-Length when there is one (a request per reply: no 16 KB array each time).
        var buffer = ArrayPool<byte>.Shared.Rent(request.ContentLength is { } announced ? (int)announced + 1 : 4096);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    return (null, TooLarge(maxBytes));
                }
            }

            return (JsonNode.Parse(buffer.AsSpan(0, length)), null);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return (null, Detail(StatusCodes.Status400BadRequest, "The body is not valid JSON: " + ex.Message));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static IResult TooLarge(int maxBytes) => Detail(StatusCodes.Status413PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
}
