using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Realtime;

/// <summary>
/// <c>events:chat {chat_id, data:{type:"last_read_at"}}</c> (NEWEST §3.15): sets <c>chat.last_read_at</c> (epoch s)
/// of a chat the user owns, then tells every tab of the user with <c>events</c>
/// <c>{chat_id, data:{type:"chat:list", data:{chat_id, last_read_at, folder_unread_counts?}}}</c>; the counts (unread
/// chats per folder, descendants included) are sent only when the chat was unread. A chat counts as unread when it
/// was read before and has been updated since (<c>updated_at &gt; last_read_at</c>). Other types are ignored.
/// </summary>
internal sealed class ChatReadEvent(IDbContextFactory<WebUIDbContext> contexts, StorageCapabilities capabilities, TimeProvider time) : IRealtimeEvent
{
    public string Name => "events:chat";

    public async Task HandleAsync(RealtimeContext context)
    {
        var payload = context.Payload;
        if (!Payload.IsObject(payload, out var error) || !Payload.TryString(payload, "chat_id", out var chatId, out error))
        {
            context.Reject(error);
            return;
        }

        if (!payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object ||
            !Payload.TryString(data, "type", out var type, out error, maxLength: 64))
        {
            context.Reject(error ?? "'data' must be an object with a type");
            return;
        }

        if (type != "last_read_at")
        {
            context.Ack(null);
            return;
        }

        var userId = context.User.Id;
        var now = time.Seconds();
        await using var db = await contexts.CreateDbContextAsync(context.CancellationToken);
        var chat = await db.Chats.Where(c => c.Id == chatId && c.UserId == userId)
            .Select(c => new { c.UpdatedAt, c.LastReadAt }).FirstOrDefaultAsync(context.CancellationToken);
        if (chat is null)
        {
            context.Reject("no such chat of this user");
            return;
        }

        await db.Chats.Where(c => c.Id == chatId && c.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastReadAt, now), context.CancellationToken);
        var wasUnread = IsUnread(chat.UpdatedAt, chat.LastReadAt);
        var list = new Dictionary<string, object?> { ["chat_id"] = chatId, ["last_read_at"] = now };
        if (wasUnread && capabilities.Tables.Contains("folder"))
        {
            list["folder_unread_counts"] = await FolderUnreadCountsAsync(db, userId, context.CancellationToken);
        }

        await context.Socket.Namespace.To(Rooms.User(userId)).EmitAsync("events", new
        {
            chat_id = chatId,
            data = new { type = "chat:list", data = list },
        });
        context.Ack(null);
    }

    private static bool IsUnread(long? updatedAt, long? lastReadAt) => lastReadAt is { } read && updatedAt is { } updated && updated > read;

    // Every folder of the user mapped to its unread chats, those of its sub-folders included.
    private static async Task<Dictionary<string, int>> FolderUnreadCountsAsync(WebUIDbContext db, string userId, CancellationToken cancellationToken)
    {
        var folders = await db.Folders.Where(f => f.UserId == userId).Select(f => new { f.Id, f.ParentId }).ToListAsync(cancellationToken);
        var unread = await db.Chats
            .Where(c => c.UserId == userId && c.FolderId != null && c.LastReadAt != null && c.UpdatedAt > c.LastReadAt && c.Archived != true)
            .GroupBy(c => c.FolderId!)
            .Select(g => new { FolderId = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var parents = folders.ToDictionary(f => f.Id, f => f.ParentId, StringComparer.Ordinal);
        var counts = folders.ToDictionary(f => f.Id, _ => 0, StringComparer.Ordinal);
        foreach (var entry in unread)
        {
            // Walk up to the root, counting the chat in each ancestor; the step bound guards against a cycle.
            var id = entry.FolderId;
            for (var steps = 0; id is not null && counts.ContainsKey(id) && steps <= folders.Count; steps++)
            {
                counts[id] += entry.Count;
                id = parents[id];
            }
        }

        return counts;
    }
}
