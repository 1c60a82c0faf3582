using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Usage;

/// <summary>
/// <c>GET /api/usage</c> → <c>{model_ids, user_count}</c>: the models in use and the users active in the last 180 s,
/// for signed-in users (admins only when <c>ENABLE_PUBLIC_ACTIVE_USERS_COUNT=false</c>).
/// </summary>
internal static class UsageEndpoints
{
    private static readonly TimeSpan ActiveWindow = TimeSpan.FromSeconds(180);

    public static void MapUsage(this IEndpointRouteBuilder endpoints) => endpoints.MapGet("/api/usage", GetUsageAsync);

    private static async Task<IResult> GetUsageAsync(
        HttpContext context,
        ITokenValidator tokens,
        IUsageStore usage,
        IDbContextFactory<WebUIDbContext> contexts,
        TimeProvider time,
        IOptions<SwitchboardOptions> options)
    {
        var check = await tokens.AuthenticateAsync(context);
        if (!check.IsValid)
        {
            return Results.Json(new { detail = "Not authenticated" }, statusCode: StatusCodes.Status401Unauthorized);
        }

        if (!options.Value.EnablePublicActiveUsersCount && !check.User.IsAdmin)
        {
            return Results.Json(new { detail = "Access prohibited" }, statusCode: StatusCodes.Status403Forbidden);
        }

        var since = time.GetUtcNow().Add(-ActiveWindow).ToUnixTimeSeconds();
        await using var db = await contexts.CreateDbContextAsync(context.RequestAborted);
        var userCount = await db.Users.CountAsync(u => u.LastActiveAt >= since, context.RequestAborted);
        var models = await usage.GetModelIdsAsync(context.RequestAborted);
        return Results.Json(new Dictionary<string, object> { ["model_ids"] = models, ["user_count"] = userCount });
    }
}
