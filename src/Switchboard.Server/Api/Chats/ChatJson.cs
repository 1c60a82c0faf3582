using System.Text.Json.Nodes;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Api.Chats;

/// <summary>Open WebUI's chat shapes: <c>ChatResponse</c> and <c>ChatTitleIdResponse</c>.</summary>
internal static class ChatJson
{
    public static JsonObject Response(ChatRow chat, JsonObject? body = null) => new()
    {
        ["id"] = chat.Id,
        ["user_id"] = chat.UserId,
        ["title"] = chat.Title,
        ["chat"] = body ?? JsonColumn.ParseObject(chat.Chat),
        ["updated_at"] = chat.UpdatedAt,
        ["created_at"] = chat.CreatedAt,
        ["share_id"] = chat.ShareId,
        ["archived"] = chat.Archived ?? false,
        ["pinned"] = chat.Pinned ?? false,
        ["meta"] = JsonColumn.ParseObject(chat.Meta),
        ["folder_id"] = chat.FolderId,
    };

    public static JsonObject TitleId(ChatRow chat) => new()
    {
        ["id"] = chat.Id,
        ["title"] = chat.Title,
        ["updated_at"] = chat.UpdatedAt,
        ["created_at"] = chat.CreatedAt,
    };

    /// <summary>
    /// A <c>chat_message</c> row as a message of <c>history.messages</c> (for chats whose JSON lacks it: Open WebUI
    /// 0.11 may keep messages only in rows).
    /// </summary>
    public static JsonObject Message(ChatMessageRow row, string messageId)
    {
        var message = new JsonObject
        {
            ["id"] = messageId,
            ["parentId"] = row.ParentId,
            ["role"] = row.Role,
            ["content"] = JsonColumn.Parse(row.Content) ?? "",
            ["timestamp"] = row.CreatedAt,
        };
        if (row.ModelId is not null)
        {
            message["model"] = row.ModelId;
        }

        if (row.Done is { } done)
        {
            message["done"] = done;
        }

        foreach (var (property, value) in new[]
        {
            ("output", row.Output), ("files", row.Files), ("sources", row.Sources), ("embeds", row.Embeds),
            ("statusHistory", row.StatusHistory), ("error", row.Error), ("usage", row.Usage),
        })
        {
            if (JsonColumn.Parse(value) is { } parsed)
            {
                message[property] = parsed;
            }
        }

        return message;
    }
}
