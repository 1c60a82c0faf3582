using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Api.Auths;
using Switchboard.Server.Realtime;
using Switchboard.Server.Sessions;
using Switchboard.Server.Storage;

// EF translates ToLower() to SQL lower(); string.Equals with a comparison is not translated.
#pragma warning disable CA1862

namespace Switchboard.Server.Api.Users;

/// <summary>
/// <c>/api/v1/users</c> (Open WebUI's <c>routers/users.py</c>): the list (admin; <c>{users, total}</c>, 30 a page,
/// <c>query</c> over name and e-mail), one user, an admin's update (role, name, e-mail, image, password; a role
/// change disconnects that user's sockets so they come back with the new role's rooms), and deletion (admin; the
/// user's auth row, chats and group memberships go with it, and their tokens are revoked).
/// </summary>
internal static class UserEndpoints
{
    private const int PageSize = 30;

    public static void MapUserEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapGroup("/api/v1/users");
        users.MapGet("/", ListAsync).RequireCaller(ApiAccess.Admin);
        users.MapGet("/{userId}", GetAsync).RequireCaller(ApiAccess.Verified);
        users.MapPost("/{userId}/update", UpdateAsync).RequireCaller(ApiAccess.Admin);
        users.MapDelete("/{userId}", DeleteAsync).RequireCaller(ApiAccess.Admin);
    }

    private static async Task<IResult> ListAsync(HttpContext context, AuthServices services, string? query, int? page)
    {
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var rows = db.Users.AsQueryable();
        if (!string.IsNullOrWhiteSpace(query))
        {
            var q = query.Trim().ToLowerInvariant();
            rows = rows.Where(u => (u.Name != null && u.Name.ToLower().Contains(q)) || (u.Email != null && u.Email.ToLower().Contains(q)));
        }

        var total = await rows.CountAsync(context.RequestAborted);
        var skip = (Math.Max(page ?? 1, 1) - 1) * PageSize;
        var list = await rows.OrderByDescending(u => u.CreatedAt).ThenBy(u => u.Id).Skip(skip).Take(PageSize).ToListAsync(context.RequestAborted);
        return Results.Json(new JsonObject { ["users"] = new JsonArray([.. list.Select(UserJson.Model)]), ["total"] = total });
    }

    // Anyone signed in sees a user's name, image and whether they are active (chat avatars, channel members);
    // admins and the user themselves see the whole model.
    private static async Task<IResult> GetAsync(HttpContext context, AuthServices services, string userId)
    {
        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId, context.RequestAborted);
        if (user is null)
        {
            return ApiErrors.NotFoundResult(ApiErrors.UserNotFound);
        }

        var active = user.LastActiveAt >= services.Time.Seconds() - 180;
        if (caller.IsAdmin || caller.Id == userId)
        {
            var model = UserJson.Model(user);
            model["active"] = active;
            return Results.Json(model);
        }

        return Results.Json(new JsonObject
        {
            ["id"] = user.Id,
            ["name"] = user.Name,
            ["profile_image_url"] = UserJson.ProfileImage(user),
            ["active"] = active,
        });
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, AuthServices services, SessionRegistry sessions, SessionTerminator terminator, IRealtimeHub hub, string userId)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var role = body.String("role");
        var name = body.String("name", maxLength: 256, allowEmpty: false)?.Trim();
        var email = body.String("email", maxLength: 320)?.Trim().ToLowerInvariant();
        var image = body.String("profile_image_url", maxLength: 1_000_000);
        var password = body.String("password", maxLength: 1024);
        if (role is not null && !Roles.IsKnown(role))
        {
            body.Fail("'role' must be pending, user or admin");
        }

        if (email is not null && !email.Contains('@', StringComparison.Ordinal))
        {
            body.Fail(ApiErrors.InvalidEmail);
        }

        if (password is not null && (password.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(password) > PasswordHasher.MaxPasswordBytes))
        {
            body.Fail(password.Length == 0 ? "'password' must not be empty" : ApiErrors.PasswordTooLong);
        }

        if (!body.IsValid)
        {
            return body.Error;
        }

        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var user = await db.Users.AsTracking().FirstOrDefaultAsync(u => u.Id == userId, context.RequestAborted);
        if (user is null)
        {
            return ApiErrors.NotFoundResult(ApiErrors.UserNotFound);
        }

        // Open WebUI: only the first admin may change the first admin's account.
        if (await IsPrimaryAdminAsync(db, userId, context.RequestAborted) && caller.Id != userId)
        {
            return ApiErrors.Forbidden(ApiErrors.ActionProhibited);
        }

        if (email is not null && email != user.Email?.ToLowerInvariant() &&
            await db.Users.AnyAsync(u => u.Id != userId && u.Email != null && u.Email.ToLower() == email, context.RequestAborted))
        {
            return ApiErrors.BadRequest(ApiErrors.EmailTaken);
        }

        var roleChanged = role is not null && role != user.Role;
        user.Role = role ?? user.Role;
        user.Name = name ?? user.Name;
        user.ProfileImageUrl = image ?? user.ProfileImageUrl;
        user.UpdatedAt = services.Time.Seconds();
        if (email is not null || password is not null)
        {
            var auth = await db.Auths.AsTracking().FirstOrDefaultAsync(a => a.Id == userId, context.RequestAborted);
            if (email is not null)
            {
                user.Email = email;
                auth?.Email = email;
            }

            if (password is not null && auth is not null)
            {
                auth.Password = services.Hasher.Hash(password);
            }
        }

        await db.SaveChangesAsync(context.RequestAborted);
        if (roleChanged)
        {
            // The sockets reconnect with the new role: a pending user then joins nothing, a new admin gets every room.
            foreach (var session in sessions.OfUser(userId))
            {
                await terminator.DisconnectAsync(session, SessionTerminator.RoleChanged);
            }

            await hub.DisconnectUserAsync(userId);
        }

        return Results.Json(UserJson.Model(user));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, AuthServices services, string userId)
    {
        var caller = context.Caller();
        if (caller.Id == userId)
        {
            return ApiErrors.Forbidden(ApiErrors.ActionProhibited);
        }

        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        if (!await db.Users.AnyAsync(u => u.Id == userId, context.RequestAborted))
        {
            return ApiErrors.NotFoundResult(ApiErrors.UserNotFound);
        }

        if (await IsPrimaryAdminAsync(db, userId, context.RequestAborted))
        {
            return ApiErrors.Forbidden(ApiErrors.ActionProhibited);
        }

        await using (var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted))
        {
            var chatIds = db.Chats.Where(c => c.UserId == userId).Select(c => c.Id);
            await db.ChatMessages.Where(m => chatIds.Contains(m.ChatId)).ExecuteDeleteAsync(context.RequestAborted);
            await db.Chats.Where(c => c.UserId == userId).ExecuteDeleteAsync(context.RequestAborted);
            await db.GroupMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync(context.RequestAborted);
            await db.ChannelMembers.Where(m => m.UserId == userId).ExecuteDeleteAsync(context.RequestAborted);
            await db.Auths.Where(a => a.Id == userId).ExecuteDeleteAsync(context.RequestAborted);
            await db.Users.Where(u => u.Id == userId).ExecuteDeleteAsync(context.RequestAborted);
            await transaction.CommitAsync(context.RequestAborted);
        }

        await services.Revocations.RevokeUserAsync(userId, context.RequestAborted);
        return Results.Json(true);
    }

    private static async Task<bool> IsPrimaryAdminAsync(WebUIDbContext db, string userId, CancellationToken cancellationToken)
    {
        var first = await db.Users.OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        return first == userId;
    }
}
