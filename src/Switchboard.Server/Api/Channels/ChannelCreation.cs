using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Access;
using Switchboard.Server.Realtime;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Api.Channels;

/// <summary>
/// Creating channels (<c>POST /api/v1/channels/create</c>) and opening DMs (<c>GET /api/v1/channels/users/{user_id}</c>).
/// A new group or DM channel is announced as Open WebUI does: <c>events:channel</c> <c>{data:{type:'channel:created'}}</c>
/// to each participant's <c>user:{id}</c> room, then every live socket of theirs joins <c>channel:{id}</c>.
/// </summary>
internal static class ChannelCreation
{
    public static async Task<IResult> CreateAsync(HttpContext context, ChannelServices services)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var type = body.String("type", maxLength: 16) ?? "";
        var name = body.String("name", maxLength: 256)?.Trim() ?? "";
        var description = body.String("description", maxLength: 10_000);
        var isPrivate = body.Bool("is_private");
        var data = body.Object("data");
        var meta = body.Object("meta");
        var userIds = body.Strings("user_ids", 1000) ?? [];
        var groupIds = body.Strings("group_ids", 1000) ?? [];
        List<(string, string, string)>? grants = null;
        if (type is not ("" or "group" or "dm"))
        {
            body.Fail("'type' must be null, '', 'group' or 'dm'");
        }
        else if (type != "dm" && name.Length == 0)
        {
            body.Fail("'name' is required");
        }
        else if (type == "dm" && userIds.Count == 0)
        {
            body.Fail("'user_ids' must name the other participants of a DM");
        }

        if (type == "" && !AccessControlJson.TryParse(body.Json["access_control"], out grants, out var aclError))
        {
            body.Fail(aclError);
        }

        if (!body.IsValid)
        {
            return body.Error;
        }

        var caller = context.Caller();
        if (!caller.IsAdmin && (type == "" || !await services.Directory.CanUseChannelsAsync(caller.User, context.RequestAborted)))
        {
            return ApiErrors.Forbidden();
        }

        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var members = new HashSet<string>(userIds, StringComparer.Ordinal) { caller.Id };
        if (type != "")
        {
            var groupMembers = await db.GroupMembers.Where(m => groupIds.Contains(m.GroupId)).Select(m => m.UserId).ToListAsync(context.RequestAborted);
            members.UnionWith(groupMembers);
            if (await db.Users.CountAsync(u => members.Contains(u.Id), context.RequestAborted) != members.Count)
            {
                return ApiErrors.BadRequest("'user_ids' names a user that does not exist");
            }
        }

        if (type == "dm" && await FindDirectAsync(db, members, context.RequestAborted) is { } existing)
        {
            return Results.Json(await ChannelJson.ChannelAsync(db, existing, context.RequestAborted));
        }

        var channel = NewChannel(services, caller, type, type == "dm" ? "" : name.ToLowerInvariant(), description, isPrivate, data, meta);
        db.Channels.Add(channel);
        if (type == "")
        {
            db.AccessGrants.AddRange(AccessControlJson.Rows(ResourceTypes.Channel, channel.Id, grants!, services.Time.Seconds()));
        }
        else
        {
            AddMembers(db, services, channel, caller.Id, members);
        }

        await db.SaveChangesAsync(context.RequestAborted);
        var json = await ChannelJson.ChannelAsync(db, channel, context.RequestAborted);
        await AnnounceAsync(services.Hub, channel.Id, type == "" ? [caller.Id] : members);
        return Results.Json(json);
    }

    public static async Task<IResult> OpenDirectAsync(HttpContext context, ChannelServices services, string userId)
    {
        var caller = context.Caller();
        if (!caller.IsAdmin && !await services.Directory.CanUseChannelsAsync(caller.User, context.RequestAborted))
        {
            return ApiErrors.Forbidden();
        }

        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        if (!await db.Users.AnyAsync(u => u.Id == userId, context.RequestAborted))
        {
            return ApiErrors.NotFoundResult(ApiErrors.UserNotFound);
        }

        var members = new HashSet<string>(StringComparer.Ordinal) { caller.Id, userId };
        if (await FindDirectAsync(db, members, context.RequestAborted) is { } existing)
        {
            return Results.Json(await ChannelJson.ChannelAsync(db, existing, context.RequestAborted));
        }

        var channel = NewChannel(services, caller, "dm", "", null, null, null, null);
        db.Channels.Add(channel);
        AddMembers(db, services, channel, caller.Id, members);
        await db.SaveChangesAsync(context.RequestAborted);
        var json = await ChannelJson.ChannelAsync(db, channel, context.RequestAborted);
        await AnnounceAsync(services.Hub, channel.Id, members);
        return Results.Json(json);
    }

    // Open WebUI's emit_to_users + enter_room_for_users: the event carries no channel id (G21), so clients refetch.
    private static async Task AnnounceAsync(IRealtimeHub hub, string channelId, IReadOnlyCollection<string> userIds)
    {
        await hub.EnterRoomForUsersAsync(Rooms.Channel(channelId), userIds);
        await hub.EmitToUsersAsync("events:channel", new JsonObject { ["data"] = new JsonObject { ["type"] = "channel:created" } }, userIds);
    }

    // A DM is found by its exact set of active members, so opening it twice gives the same channel.
    private static async Task<ChannelRow?> FindDirectAsync(WebUIDbContext db, HashSet<string> members, CancellationToken cancellationToken)
    {
        var first = members.First();
        var candidates = await db.Channels
            .Where(c => c.Type == "dm" && c.DeletedAt == null && db.ChannelMembers.Any(m => m.ChannelId == c.Id && m.UserId == first && m.IsActive))
            .ToListAsync(cancellationToken);
        foreach (var candidate in candidates)
        {
            var ids = await db.ChannelMembers.Where(m => m.ChannelId == candidate.Id && m.IsActive).Select(m => m.UserId).ToListAsync(cancellationToken);
            if (ids.Distinct(StringComparer.Ordinal).Count() == members.Count && ids.All(members.Contains))
            {
                return candidate;
            }
        }

        return null;
    }

    private static ChannelRow NewChannel(ChannelServices services, ApiCaller caller, string type, string name, string? description, bool? isPrivate, JsonObject? data, JsonObject? meta)
    {
        var now = services.Time.Nanoseconds();
        return new ChannelRow
        {
            Id = Guid.NewGuid().ToString(),
            UserId = caller.Id,
            Type = type.Length == 0 ? null : type,
            Name = name,
            Description = description,
            IsPrivate = isPrivate,
            Data = data is null ? null : JsonColumn.Write(data),
            Meta = meta is null ? null : JsonColumn.Write(meta),
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    private static void AddMembers(WebUIDbContext db, ChannelServices services, ChannelRow channel, string creatorId, IEnumerable<string> userIds)
    {
        var now = services.Time.Nanoseconds();
        foreach (var userId in userIds)
        {
            db.ChannelMembers.Add(new ChannelMemberRow
            {
                Id = Guid.NewGuid().ToString(),
                ChannelId = channel.Id,
                UserId = userId,
                Role = userId == creatorId && channel.Type == "group" ? "manager" : null,
                Status = "joined",
                IsActive = true,
                InvitedBy = userId == creatorId ? null : creatorId,
                InvitedAt = userId == creatorId ? null : now,
                JoinedAt = now,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }
    }
}
