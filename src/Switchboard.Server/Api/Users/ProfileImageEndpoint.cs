using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Api.Auths;

namespace Switchboard.Server.Api.Users;

/// <summary>
/// <c>GET /api/v1/users/{id}/profile/image</c> (Open WebUI's <c>users.py</c>), the URL the frontend puts in avatars and
/// channel notifications: a stored <c>http(s)</c> image URL is a redirect, a stored <c>data:image/...;base64,</c> URL is
/// decoded and served with its type, anything else (Open WebUI's <c>/user.png</c>, nothing) is a default avatar. Signed-in
/// users only, by bearer token or the <c>token</c> cookie an <c>&lt;img&gt;</c> request carries. A stored image is
/// served with <c>nosniff</c> and a sandboxing content security policy, so an SVG a user uploaded cannot run script
/// when opened on the server's origin.
/// </summary>
internal static class ProfileImageEndpoint
{
    private const string DataPrefix = "data:";
    private const string Base64Marker = ";base64,";
    private static readonly Lazy<byte[]> DefaultAvatar = new(ReadDefaultAvatar);

    public static void MapProfileImageEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/v1/users/{userId}/profile/image", GetAsync).RequireCaller(ApiAccess.Verified);

    private static async Task<IResult> GetAsync(HttpContext context, AuthServices services, string userId)
    {
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var url = await db.Users.Where(u => u.Id == userId).Select(u => new { u.ProfileImageUrl }).FirstOrDefaultAsync(context.RequestAborted);
        if (url is null)
        {
            return ApiErrors.NotFoundResult(ApiErrors.UserNotFound);
        }

        var stored = url.ProfileImageUrl ?? "";
        if (stored.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || stored.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Redirect(stored);
        }

        if (TryDecodeDataUrl(stored, out var type, out var bytes))
        {
            context.Response.Headers.XContentTypeOptions = "nosniff";
            context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
            return Results.Bytes(bytes, type);
        }

        return Results.Bytes(DefaultAvatar.Value, "image/png");
    }

    /// <summary>Reads <c>data:image/&lt;subtype&gt;;base64,&lt;data&gt;</c>; anything else (another type, no base64, bad data) is false.</summary>
    internal static bool TryDecodeDataUrl(string url, out string type, out byte[] bytes)
    {
        type = "";
        bytes = [];
        if (!url.StartsWith(DataPrefix + "image/", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var marker = url.IndexOf(Base64Marker, StringComparison.OrdinalIgnoreCase);
        if (marker < 0)
        {
            return false;
        }

        var mediaType = url[DataPrefix.Length..marker];
        if (mediaType.Length > 100 || mediaType.AsSpan().IndexOfAny(" \t\r\n,") >= 0)
        {
            return false;
        }

        var data = url.AsSpan(marker + Base64Marker.Length);
        var buffer = new byte[(data.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(data, buffer, out var written) || written == 0)
        {
            return false;
        }

        type = mediaType.ToLowerInvariant();
        bytes = buffer[..written];
        return true;
    }

    private static byte[] ReadDefaultAvatar()
    {
        using var stream = typeof(ProfileImageEndpoint).Assembly.GetManifestResourceStream("Switchboard.Server.Api.Users.default-avatar.png")
            ?? throw new InvalidOperationException("the default avatar is not embedded");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
