using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Api.Channels;

/// <summary>
/// Channel messages (§4.2): list, post (<c>temp_id</c> echoed, threads by <c>parent_id</c>), one message, a thread,
/// update and delete (the author or an admin), reactions. Every change is one transaction, then its
/// <c>events:channel</c> to <c>channel:{id}</c>: <c>message</c>, <c>message:reply</c> (the parent, after a reply is
/// posted or deleted), <c>message:update</c>, <c>message:reaction:add</c>/<c>remove</c>, <c>message:delete</c>.
/// </summary>
internal static class ChannelMessageEndpoints
{
    public static void Map(RouteGroupBuilder channels)
    {
        channels.MapGet("/{id}/messages", ListAsync);
        channels.MapPost("/{id}/messages/post", PostAsync);
        channels.MapGet("/{id}/messages/{messageId}", GetAsync);
        channels.MapGet("/{id}/messages/{messageId}/thread", ThreadAsync);
        channels.MapPost("/{id}/messages/{messageId}/update", UpdateAsync);
        channels.MapDelete("/{id}/messages/{messageId}/delete", DeleteAsync);
        channels.MapPost("/{id}/messages/{messageId}/reactions/add", (HttpContext c, ChannelServices s, string id, string messageId) => ReactAsync(c, s, id, messageId, add: true));
        channels.MapPost("/{id}/messages/{messageId}/reactions/remove", (HttpContext c, ChannelServices s, string id, string messageId) => ReactAsync(c, s, id, messageId, add: false));
    }

    private static Task<IResult> ListAsync(HttpContext context, ChannelServices services, string id, int? skip, int? limit) =>
        PageAsync(context, services, id, null, skip, limit);

    private static Task<IResult> ThreadAsync(HttpContext context, ChannelServices services, string id, string messageId, int? skip, int? limit) =>
        PageAsync(context, services, id, messageId, skip, limit);

    // Newest first, top-level messages or the replies of one, each with its author, reactions and thread counts.
    private static async Task<IResult> PageAsync(HttpContext context, ChannelServices services, string id, string? parentId, int? skip, int? limit)
    {
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var (channel, refusal) = await OpenAsync(db, context, id, write: false);
        if (channel is null)
        {
            return refusal!;
        }

        var rows = await db.ChannelMessages.Where(m => m.ChannelId == id && m.ParentId == parentId)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip(Math.Max(skip ?? 0, 0)).Take(Math.Clamp(limit ?? 50, 1, 100))
            .ToListAsync(context.RequestAborted);
        var list = new JsonArray();
        foreach (var row in rows)
        {
            list.Add(await ChannelJson.MessageWithUserAsync(db, row, context.RequestAborted));
        }

        return Results.Json(list);
    }

    private static async Task<IResult> GetAsync(HttpContext context, ChannelServices services, string id, string messageId)
    {
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var (channel, refusal) = await OpenAsync(db, context, id, write: false);
        if (channel is null)
        {
            return refusal!;
        }

        var message = await db.ChannelMessages.FirstOrDefaultAsync(m => m.Id == messageId && m.ChannelId == id, context.RequestAborted);
        return message is null ? ApiErrors.NotFoundResult() : Results.Json(await ChannelJson.MessageWithUserAsync(db, message, context.RequestAborted));
    }

    private static async Task<IResult> PostAsync(HttpContext context, ChannelServices services, string id)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var content = body.String("content", required: true, maxLength: 1_000_000);
        var tempId = body.String("temp_id", maxLength: 256);
        var parentId = body.String("parent_id", maxLength: 256);
        var replyToId = body.String("reply_to_id", maxLength: 256);
        var data = body.Object("data");
        var meta = body.Object("meta");
        if (!body.IsValid)
        {
            return body.Error;
        }

        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var (channel, refusal) = await OpenAsync(db, context, id, write: true);
        if (channel is null)
        {
            return refusal!;
        }

        ChannelMessageRow? parent = null;
        if (parentId is not null && (parent = await db.ChannelMessages.FirstOrDefaultAsync(m => m.Id == parentId && m.ChannelId == id, context.RequestAborted)) is null)
        {
            return ApiErrors.BadRequest("'parent_id' is not a message of this channel");
        }

        if (replyToId is not null && !await db.ChannelMessages.AnyAsync(m => m.Id == replyToId && m.ChannelId == id, context.RequestAborted))
        {
            return ApiErrors.BadRequest("'reply_to_id' is not a message of this channel");
        }

        var now = services.Time.Nanoseconds();
        var message = new ChannelMessageRow
        {
            Id = Guid.NewGuid().ToString(),
            UserId = caller.Id,
            ChannelId = id,
            ParentId = parentId,
            ReplyToId = replyToId,
            Content = content,
            Data = data is null ? null : JsonColumn.Write(data),
            Meta = meta is null ? null : JsonColumn.Write(meta),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.ChannelMessages.Add(message);
        await db.SaveChangesAsync(context.RequestAborted);

        var channelJson = await ChannelJson.ChannelAsync(db, channel, context.RequestAborted);
        var eventData = await ChannelJson.MessageWithUserAsync(db, message, context.RequestAborted);
        eventData["temp_id"] = tempId;
        await services.Hub.EmitChannelEventAsync(id, message.Id, "message", eventData, caller.User, channelJson);
        if (parent is not null)
        {
            await services.Hub.EmitChannelEventAsync(id, parent.Id, "message:reply", await ChannelJson.MessageWithUserAsync(db, parent, context.RequestAborted), caller.User, channelJson);
        }

        var response = ChannelJson.Message(message);
        response["temp_id"] = tempId;
        return Results.Json(response);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, ChannelServices services, string id, string messageId)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var content = body.String("content", required: true, maxLength: 1_000_000);
        var data = body.Object("data");
        var meta = body.Object("meta");
        if (!body.IsValid)
        {
            return body.Error;
        }

        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var (channel, refusal) = await OpenAsync(db, context, id, write: false);
        if (channel is null)
        {
            return refusal!;
        }

        var message = await db.ChannelMessages.AsTracking().FirstOrDefaultAsync(m => m.Id == messageId && m.ChannelId == id, context.RequestAborted);
        if (message is null)
        {
            return ApiErrors.NotFoundResult();
        }

        if (!caller.IsAdmin && message.UserId != caller.Id)
        {
            return ApiErrors.Forbidden();
        }

        message.Content = content;
        message.Data = data is null ? message.Data : JsonColumn.Write(data);
        message.Meta = meta is null ? message.Meta : JsonColumn.Write(meta);
        message.UpdatedAt = services.Time.Nanoseconds();
        await db.SaveChangesAsync(context.RequestAborted);
        var channelJson = await ChannelJson.ChannelAsync(db, channel, context.RequestAborted);
        await services.Hub.EmitChannelEventAsync(id, messageId, "message:update", await ChannelJson.MessageWithUserAsync(db, message, context.RequestAborted), caller.User, channelJson);
        return Results.Json(ChannelJson.Message(message));
    }

    // Deletes the message with its replies and reactions in one transaction.
    private static async Task<IResult> DeleteAsync(HttpContext context, ChannelServices services, string id, string messageId)
    {
        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var (channel, refusal) = await OpenAsync(db, context, id, write: false);
        if (channel is null)
        {
            return refusal!;
        }

        var message = await db.ChannelMessages.FirstOrDefaultAsync(m => m.Id == messageId && m.ChannelId == id, context.RequestAborted);
        if (message is null)
        {
            return ApiErrors.NotFoundResult();
        }

        if (!caller.IsAdmin && message.UserId != caller.Id)
        {
            return ApiErrors.Forbidden();
        }

        var eventData = await ChannelJson.MessageWithUserAsync(db, message, context.RequestAborted);
        await using (var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted))
        {
            var doomed = db.ChannelMessages.Where(m => m.Id == messageId || m.ParentId == messageId).Select(m => m.Id);
            await db.MessageReactions.Where(r => doomed.Contains(r.MessageId)).ExecuteDeleteAsync(context.RequestAborted);
            await db.ChannelMessages.Where(m => m.Id == messageId || m.ParentId == messageId).ExecuteDeleteAsync(context.RequestAborted);
            await transaction.CommitAsync(context.RequestAborted);
        }

        var channelJson = await ChannelJson.ChannelAsync(db, channel, context.RequestAborted);
        await services.Hub.EmitChannelEventAsync(id, messageId, "message:delete", eventData, caller.User, channelJson);
        if (message.ParentId is { } parentId && await db.ChannelMessages.FirstOrDefaultAsync(m => m.Id == parentId, context.RequestAborted) is { } parent)
        {
            await services.Hub.EmitChannelEventAsync(id, parentId, "message:reply", await ChannelJson.MessageWithUserAsync(db, parent, context.RequestAborted), caller.User, channelJson);
        }

        return Results.Json(true);
    }

    private static async Task<IResult> ReactAsync(HttpContext context, ChannelServices services, string id, string messageId, bool add)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var name = body.String("name", required: true, maxLength: 128, allowEmpty: false);
        if (!body.IsValid)
        {
            return body.Error;
        }

        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var (channel, refusal) = await OpenAsync(db, context, id, write: true);
        if (channel is null)
        {
            return refusal!;
        }

        var message = await db.ChannelMessages.FirstOrDefaultAsync(m => m.Id == messageId && m.ChannelId == id, context.RequestAborted);
        if (message is null)
        {
            return ApiErrors.NotFoundResult();
        }

        var existing = await db.MessageReactions.AsTracking()
            .Where(r => r.MessageId == messageId && r.UserId == caller.Id && r.Name == name).ToListAsync(context.RequestAborted);
        if (add && existing.Count == 0)
        {
            db.MessageReactions.Add(new MessageReactionRow { Id = Guid.NewGuid().ToString(), UserId = caller.Id, MessageId = messageId, Name = name!, CreatedAt = services.Time.Nanoseconds() });
        }
        else if (!add)
        {
            db.MessageReactions.RemoveRange(existing);
        }

        await db.SaveChangesAsync(context.RequestAborted);
        var eventData = await ChannelJson.MessageWithUserAsync(db, message, context.RequestAborted);
        eventData["name"] = name;
        var channelJson = await ChannelJson.ChannelAsync(db, channel, context.RequestAborted);
        await services.Hub.EmitChannelEventAsync(id, messageId, add ? "message:reaction:add" : "message:reaction:remove", eventData, caller.User, channelJson);
        return Results.Json(true);
    }

    private static async Task<(ChannelRow? Channel, IResult? Refusal)> OpenAsync(WebUIDbContext db, HttpContext context, string id, bool write)
    {
        if (await ChannelRules.FindAsync(db, id, context.RequestAborted) is not { } channel)
        {
            return (null, ApiErrors.NotFoundResult());
        }

        var (canRead, canWrite) = await ChannelRules.AccessAsync(db, context.Caller(), channel, context.RequestAborted);
        return write ? (canWrite ? (channel, null) : (null, ApiErrors.Forbidden())) : (canRead ? (channel, null) : (null, ApiErrors.Forbidden()));
    }
}
