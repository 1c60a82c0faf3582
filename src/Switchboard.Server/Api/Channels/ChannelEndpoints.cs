using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Access;
using Switchboard.Server.Api.Users;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Api.Channels;

/// <summary>
/// <c>/api/v1/channels</c> (Open WebUI's <c>routers/channels.py</c>): the caller's channels, creation and DMs
/// (<see cref="ChannelCreation"/>), one channel, update and delete (admins and the creator; announced to the channel as
/// <c>events:channel</c> <c>channel:updated</c>/<c>channel:deleted</c>, which Open WebUI's frontend ignores and newer
/// clients can use), the members, and the messages (<see cref="ChannelMessageEndpoints"/>).
/// </summary>
internal static class ChannelEndpoints
{
    public static void MapChannelEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var channels = endpoints.MapGroup("/api/v1/channels");
        channels.RequireCaller(ApiAccess.Verified);
        channels.AddEndpointFilter(async (invocation, next) =>
            invocation.HttpContext.RequestServices.GetRequiredService<ChannelServices>().Options.EnableChannels
                ? await next(invocation)
                : ApiErrors.Forbidden());
        channels.MapGet("/", ListAsync);
        channels.MapGet("/list", ListAsync);
        channels.MapPost("/create", ChannelCreation.CreateAsync);
        channels.MapGet("/users/{userId}", ChannelCreation.OpenDirectAsync);
        channels.MapGet("/{id}", GetAsync);
        channels.MapPost("/{id}/update", UpdateAsync);
        channels.MapDelete("/{id}/delete", DeleteAsync);
        channels.MapGet("/{id}/members", MembersAsync);
        ChannelMessageEndpoints.Map(channels);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ChannelServices services)
    {
        var caller = context.Caller();
        var ids = await services.Directory.GetChannelIdsAsync(caller.User, context.RequestAborted);
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var channels = await db.Channels.Where(c => ids.Contains(c.Id)).OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id).ToListAsync(context.RequestAborted);
        var list = new JsonArray();
        foreach (var channel in channels)
        {
            var json = await ChannelJson.ChannelAsync(db, channel, context.RequestAborted);
            var lastRead = await db.ChannelMembers.Where(m => m.ChannelId == channel.Id && m.UserId == caller.Id).Select(m => m.LastReadAt).FirstOrDefaultAsync(context.RequestAborted);
            var messages = db.ChannelMessages.Where(m => m.ChannelId == channel.Id && m.ParentId == null);
            json["last_message_at"] = await messages.MaxAsync(m => m.CreatedAt, context.RequestAborted);
            json["unread_count"] = await messages.CountAsync(m => m.UserId != caller.Id && m.CreatedAt > (lastRead ?? 0), context.RequestAborted);
            list.Add(json);
        }

        return Results.Json(list);
    }

    private static async Task<IResult> GetAsync(HttpContext context, ChannelServices services, string id)
    {
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        if (await ChannelRules.FindAsync(db, id, context.RequestAborted) is not { } channel)
        {
            return ApiErrors.NotFoundResult();
        }

        var (read, write) = await ChannelRules.AccessAsync(db, context.Caller(), channel, context.RequestAborted);
        if (!read)
        {
            return ApiErrors.Forbidden();
        }

        var json = await ChannelJson.ChannelAsync(db, channel, context.RequestAborted);
        json["write_access"] = write;
        return Results.Json(json);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, ChannelServices services, string id)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var name = body.String("name", maxLength: 256, allowEmpty: false)?.Trim();
        var description = body.String("description", maxLength: 10_000);
        var isPrivate = body.Bool("is_private");
        var data = body.Object("data");
        var meta = body.Object("meta");
        List<(string, string, string)>? grants = null;
        if (body.Has("access_control") && !AccessControlJson.TryParse(body.Json["access_control"], out grants, out var aclError))
        {
            body.Fail(aclError);
        }

        if (!body.IsValid)
        {
            return body.Error;
        }

        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var channel = await db.Channels.AsTracking().FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, context.RequestAborted);
        if (channel is null)
        {
            return ApiErrors.NotFoundResult();
        }

        if (!caller.IsAdmin && channel.UserId != caller.Id)
        {
            return ApiErrors.Forbidden();
        }

        channel.Name = name is null || channel.Type == "dm" ? channel.Name : name.ToLowerInvariant();
        channel.Description = description ?? channel.Description;
        channel.IsPrivate = isPrivate ?? channel.IsPrivate;
        channel.Data = data is null ? channel.Data : JsonColumn.Write(data);
        channel.Meta = meta is null ? channel.Meta : JsonColumn.Write(meta);
        channel.UpdatedAt = services.Time.Nanoseconds();
        channel.UpdatedBy = caller.Id;
        if (grants is not null && ChannelRules.IsStandard(channel))
        {
            // One transaction: the old grants go and the new ones come in the same SaveChanges.
            db.AccessGrants.RemoveRange(await db.AccessGrants.AsTracking()
                .Where(g => g.ResourceType == ResourceTypes.Channel && g.ResourceId == id).ToListAsync(context.RequestAborted));
            db.AccessGrants.AddRange(AccessControlJson.Rows(ResourceTypes.Channel, id, grants, services.Time.Seconds()));
        }

        await db.SaveChangesAsync(context.RequestAborted);
        var json = await ChannelJson.ChannelAsync(db, channel, context.RequestAborted);
        await services.Hub.EmitChannelEventAsync(id, null, "channel:updated", json, caller.User, json);
        return Results.Json(json);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, ChannelServices services, string id)
    {
        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var channel = await db.Channels.AsTracking().FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, context.RequestAborted);
        if (channel is null)
        {
            return ApiErrors.NotFoundResult();
        }

        if (!caller.IsAdmin && channel.UserId != caller.Id)
        {
            return ApiErrors.Forbidden();
        }

        // Soft delete (deleted_at/by), as Open WebUI's newest schema: every reader already skips deleted channels.
        channel.DeletedAt = services.Time.Nanoseconds();
        channel.DeletedBy = caller.Id;
        await db.SaveChangesAsync(context.RequestAborted);
        var json = await ChannelJson.ChannelAsync(db, channel, context.RequestAborted);
        await services.Hub.EmitChannelEventAsync(id, null, "channel:deleted", null, caller.User, json);
        return Results.Json(true);
    }

    // {users, total}: the active members of a group or DM; for a standard channel its creator and the users its grants
    // name directly or through their groups (everyone for a public channel).
    private static async Task<IResult> MembersAsync(HttpContext context, ChannelServices services, string id, int? page)
    {
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        if (await ChannelRules.FindAsync(db, id, context.RequestAborted) is not { } channel)
        {
            return ApiErrors.NotFoundResult();
        }

        if (!(await ChannelRules.AccessAsync(db, context.Caller(), channel, context.RequestAborted)).Read)
        {
            return ApiErrors.Forbidden();
        }

        IQueryable<UserRow> users;
        if (!ChannelRules.IsStandard(channel))
        {
            var memberIds = db.ChannelMembers.Where(m => m.ChannelId == id && m.IsActive).Select(m => m.UserId);
            users = db.Users.Where(u => memberIds.Contains(u.Id));
        }
        else
        {
            var grants = db.AccessGrants.Where(g => g.ResourceType == ResourceTypes.Channel && g.ResourceId == id && g.Permission == "read");
            var everyone = await grants.AnyAsync(g => g.PrincipalType == ResourceTypes.UserPrincipal && g.PrincipalId == ResourceTypes.Everyone, context.RequestAborted);
            var direct = grants.Where(g => g.PrincipalType == ResourceTypes.UserPrincipal).Select(g => g.PrincipalId);
            var groups = grants.Where(g => g.PrincipalType == ResourceTypes.GroupPrincipal).Select(g => g.PrincipalId);
            var viaGroups = db.GroupMembers.Where(m => groups.Contains(m.GroupId)).Select(m => m.UserId);
            users = everyone
                ? db.Users.Where(u => u.Role == Roles.User || u.Role == Roles.Admin)
                : db.Users.Where(u => u.Id == channel.UserId || direct.Contains(u.Id) || viaGroups.Contains(u.Id));
        }

        const int pageSize = 30;
        var total = await users.CountAsync(context.RequestAborted);
        var list = await users.OrderBy(u => u.Name).ThenBy(u => u.Id).Skip((Math.Max(page ?? 1, 1) - 1) * pageSize).Take(pageSize).ToListAsync(context.RequestAborted);
        var now = services.Time.Seconds();
        return Results.Json(new JsonObject
        {
            ["users"] = new JsonArray([.. list.Select(u =>
            {
                var json = UserJson.Name(u, u.Id);
                json["is_active"] = u.LastActiveAt >= now - 180;
                return (JsonNode)json;
            })]),
            ["total"] = total,
        });
    }
}
