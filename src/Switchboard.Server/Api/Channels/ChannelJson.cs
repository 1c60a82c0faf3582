using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Access;
using Switchboard.Server.Api.Users;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Api.Channels;

/// <summary>Open WebUI's channel shapes: <c>ChannelModel</c>, <c>MessageModel</c> and <c>MessageUserResponse</c>.</summary>
internal static class ChannelJson
{
    public static async Task<JsonObject> ChannelAsync(WebUIDbContext db, ChannelRow channel, CancellationToken cancellationToken)
    {
        var grants = await db.AccessGrants.Where(g => g.ResourceType == ResourceTypes.Channel && g.ResourceId == channel.Id).ToListAsync(cancellationToken);
        var json = new JsonObject
        {
            ["id"] = channel.Id,
            ["user_id"] = channel.UserId,
            ["type"] = channel.Type,
            ["name"] = channel.Name,
            ["description"] = channel.Description,
            ["is_private"] = channel.IsPrivate,
            ["data"] = JsonColumn.Parse(channel.Data),
            ["meta"] = JsonColumn.Parse(channel.Meta),
            ["access_control"] = ChannelRules.IsStandard(channel) ? AccessControlJson.ToJson(grants) : new JsonObject(),
            ["created_at"] = channel.CreatedAt,
            ["updated_at"] = channel.UpdatedAt,
            ["updated_by"] = channel.UpdatedBy,
            ["archived_at"] = channel.ArchivedAt,
            ["archived_by"] = channel.ArchivedBy,
            ["deleted_at"] = channel.DeletedAt,
            ["deleted_by"] = channel.DeletedBy,
        };
        if (!ChannelRules.IsStandard(channel))
        {
            var memberIds = await db.ChannelMembers.Where(m => m.ChannelId == channel.Id && m.IsActive).Select(m => m.UserId).ToListAsync(cancellationToken);
            var users = await db.Users.Where(u => memberIds.Contains(u.Id)).ToListAsync(cancellationToken);
            json["user_ids"] = new JsonArray([.. memberIds.Select(id => (JsonNode)id)]);
            json["users"] = new JsonArray([.. users.Select(u => UserJson.Name(u, u.Id))]);
        }

        return json;
    }

    public static JsonObject Message(ChannelMessageRow message) => new()
    {
        ["id"] = message.Id,
        ["user_id"] = message.UserId,
        ["channel_id"] = message.ChannelId,
        ["reply_to_id"] = message.ReplyToId,
        ["parent_id"] = message.ParentId,
        ["is_pinned"] = message.IsPinned,
        ["pinned_by"] = message.PinnedBy,
        ["pinned_at"] = message.PinnedAt,
        ["content"] = message.Content,
        ["data"] = JsonColumn.Parse(message.Data),
        ["meta"] = JsonColumn.Parse(message.Meta),
        ["created_at"] = message.CreatedAt,
        ["updated_at"] = message.UpdatedAt,
    };

    /// <summary>The message with its author, reactions and thread counts (what lists and events carry).</summary>
    public static async Task<JsonObject> MessageWithUserAsync(WebUIDbContext db, ChannelMessageRow message, CancellationToken cancellationToken)
    {
        var json = Message(message);
        var author = message.UserId is null ? null : await db.Users.FirstOrDefaultAsync(u => u.Id == message.UserId, cancellationToken);
        var replies = await db.ChannelMessages.Where(m => m.ParentId == message.Id).Select(m => m.CreatedAt).ToListAsync(cancellationToken);
        json["user"] = UserJson.Name(author, message.UserId ?? "");
        json["reactions"] = await ReactionsAsync(db, message.Id, cancellationToken);
        json["reply_count"] = replies.Count;
        json["latest_reply_at"] = replies.Count == 0 ? null : replies.Max();
        return json;
    }

    /// <summary><c>[{name, user_ids, count}]</c> in the order the reactions were first given.</summary>
    public static async Task<JsonArray> ReactionsAsync(WebUIDbContext db, string messageId, CancellationToken cancellationToken)
    {
        var rows = await db.MessageReactions.Where(r => r.MessageId == messageId).OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        return new JsonArray([.. rows.GroupBy(r => r.Name).Select(g => (JsonNode)new JsonObject
        {
            ["name"] = g.Key,
            ["user_ids"] = new JsonArray([.. g.Select(r => (JsonNode)r.UserId)]),
            ["count"] = g.Count(),
        })]);
    }
}
