using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Switchboard.Server.Chat;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Api.Chats;

/// <summary>
/// <c>/api/v1/chats</c> (Open WebUI's <c>routers/chats.py</c>): create, the caller's list, get, update (the given
/// <c>chat</c> keys replace the stored ones) and delete. A chat is its owner's alone (another user's chat is 404, as
/// if it did not exist; admins may delete any). Each change is one transaction that writes the <c>chat</c> row and,
/// where the table exists, the <c>chat_message</c> rows of <c>history.messages</c> (both storage forms, as
/// <see cref="ChatMessageStore"/> writes them). Chats cause no real-time event (Open WebUI emits none here).
/// </summary>
internal static class ChatEndpoints
{
    private const int PageSize = 60;

    public static void MapChatEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var chats = endpoints.MapGroup("/api/v1/chats");
        chats.RequireCaller(ApiAccess.Verified);
        chats.MapGet("/", ListAsync);
        chats.MapGet("/list", ListAsync);
        chats.MapPost("/new", CreateAsync);
        chats.MapGet("/{id}", GetAsync);
        chats.MapPost("/{id}", UpdateAsync);
        chats.MapDelete("/{id}", DeleteAsync);
    }

    private static async Task<IResult> ListAsync(HttpContext context, ChatServices services, int? page)
    {
        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var query = db.Chats.Where(c => c.UserId == caller.Id && c.Archived != true).OrderByDescending(c => c.UpdatedAt).ThenBy(c => c.Id).AsQueryable();
        if (page is { } p)
        {
            query = query.Skip((Math.Max(p, 1) - 1) * PageSize).Take(PageSize);
        }

        var chats = await query.ToListAsync(context.RequestAborted);
        return Results.Json(new JsonArray([.. chats.Select(c => (JsonNode)ChatJson.TitleId(c))]));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ChatServices services)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var chat = body.Object("chat", required: true);
        var folderId = body.String("folder_id", maxLength: 256);
        ValidateChat(body, chat);
        if (!body.IsValid)
        {
            return body.Error;
        }

        var now = services.Time.Seconds();
        var row = new ChatRow
        {
            Id = Guid.NewGuid().ToString(),
            UserId = context.Caller().Id,
            Title = Title(chat!),
            Chat = JsonColumn.Write(chat),
            CreatedAt = now,
            UpdatedAt = now,
            Archived = false,
            Pinned = false,
            FolderId = folderId,
        };
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        await WriteAsync(db, services, row, chat!, isNew: true, context.RequestAborted);
        return Results.Json(ChatJson.Response(row, chat!.DeepClone().AsObject()));
    }

    private static async Task<IResult> GetAsync(HttpContext context, ChatServices services, string id)
    {
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var row = await db.Chats.FirstOrDefaultAsync(c => c.Id == id && c.UserId == context.Caller().Id, context.RequestAborted);
        if (row is null)
        {
            return ApiErrors.NotFoundResult();
        }

        var chat = JsonColumn.ParseObject(row.Chat);
        if (services.Capabilities.HasChatMessageTable)
        {
            await FillFromRowsAsync(db, id, chat, context.RequestAborted);
        }

        return Results.Json(ChatJson.Response(row, chat));
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, ChatServices services, string id)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var given = body.Object("chat", required: true);
        ValidateChat(body, given);
        if (!body.IsValid)
        {
            return body.Error;
        }

        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var row = await db.Chats.AsTracking().FirstOrDefaultAsync(c => c.Id == id && c.UserId == context.Caller().Id, context.RequestAborted);
        if (row is null)
        {
            return ApiErrors.NotFoundResult();
        }

        var chat = JsonColumn.ParseObject(row.Chat);
        foreach (var (key, value) in given!)
        {
            chat[key] = value?.DeepClone();
        }

        row.Title = Title(chat);
        row.Chat = JsonColumn.Write(chat);
        row.UpdatedAt = services.Time.Seconds();
        await WriteAsync(db, services, row, given, isNew: false, context.RequestAborted);
        return Results.Json(ChatJson.Response(row, chat));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, ChatServices services, string id)
    {
        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        if (!await db.Chats.AnyAsync(c => c.Id == id && (c.UserId == caller.Id || caller.IsAdmin), context.RequestAborted))
        {
            return ApiErrors.NotFoundResult();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted);
        if (services.Capabilities.HasChatMessageTable)
        {
            await db.ChatMessages.Where(m => m.ChatId == id).ExecuteDeleteAsync(context.RequestAborted);
        }

        await db.Chats.Where(c => c.Id == id).ExecuteDeleteAsync(context.RequestAborted);
        await transaction.CommitAsync(context.RequestAborted);
        return Results.Json(true);
    }

    // The chat row, then the chat_message rows of the messages in `given` (an update that sends history.messages
    // sends the whole tree, so rows of messages no longer in it go), in one transaction.
    private static async Task WriteAsync(WebUIDbContext db, ChatServices services, ChatRow row, JsonObject given, bool isNew, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (isNew)
        {
            db.Chats.Add(row);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (services.Capabilities.HasChatMessageTable && (given["history"] as JsonObject)?["messages"] is JsonObject messages)
        {
            var keep = messages.Select(m => ChatMessageStore.RowId(row.Id, m.Key)).ToList();
            await db.ChatMessages.Where(m => m.ChatId == row.Id && !keep.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
            var now = services.Time.Seconds();
            await using var session = new TransactionWriteSession(db.Database.GetDbConnection(), transaction.GetDbTransaction(), db.Database.IsNpgsql());
            foreach (var (messageId, message) in messages)
            {
                if (message is JsonObject m)
                {
                    await ChatMessageStore.UpsertMessageRowAsync(session, row.Id, messageId, row.UserId, m, now, cancellationToken);
                }
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }

    // Messages kept only as chat_message rows are put back into history.messages (with childrenIds rebuilt).
    private static async Task FillFromRowsAsync(WebUIDbContext db, string chatId, JsonObject chat, CancellationToken cancellationToken)
    {
        var rows = await db.ChatMessages.Where(m => m.ChatId == chatId).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return;
        }

        var history = chat["history"] as JsonObject ?? [];
        chat["history"] = history;
        var messages = history["messages"] as JsonObject ?? [];
        history["messages"] = messages;
        var prefix = chatId.Length + 1;
        var added = false;
        foreach (var row in rows.Where(r => r.Id.Length > prefix && !messages.ContainsKey(r.Id[prefix..])))
        {
            messages[row.Id[prefix..]] = ChatJson.Message(row, row.Id[prefix..]);
            added = true;
        }

        if (!added)
        {
            return;
        }

        foreach (var (id, message) in messages)
        {
            if (message is JsonObject m && m["childrenIds"] is null)
            {
                m["childrenIds"] = new JsonArray([.. messages.Where(c => (c.Value as JsonObject)?["parentId"] is JsonValue p && p.TryGetValue<string>(out var parent) && parent == id).Select(c => (JsonNode)c.Key)]);
            }
        }
    }

    private static void ValidateChat(ApiBody body, JsonObject? chat)
    {
        if (chat?["history"] is { } history && (history is not JsonObject h || (h["messages"] is { } m && m is not JsonObject)))
        {
            body.Fail("'chat.history' must be an object whose 'messages' is an object");
        }
        else if ((chat?["history"] as JsonObject)?["messages"] is JsonObject messages)
        {
            if (messages.Any(m => m.Value is not JsonObject || m.Key.Contains('"', StringComparison.Ordinal) || m.Key.Contains('\\', StringComparison.Ordinal)))
            {
                body.Fail("every message of 'chat.history.messages' must be an object with a plain id");
            }
        }

        if (chat?["title"] is { } title && (title is not JsonValue v || !v.TryGetValue<string>(out _)))
        {
            body.Fail("'chat.title' must be a string");
        }
    }

    private static string Title(JsonObject chat) =>
        chat["title"] is JsonValue v && v.TryGetValue<string>(out var title) && title.Length > 0 ? title : "New Chat";
}
