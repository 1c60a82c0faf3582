using System.Data.Common;
using System.Text.Json.Nodes;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Chat;

/// <summary>
/// Applies <see cref="MessageUpdate"/>s to one chat message in one transaction that locks the chat row (PostgreSQL
/// <c>FOR UPDATE</c>, SQLite <c>BEGIN IMMEDIATE</c>), so concurrent writers never lose each other's changes (G10).
/// The message is written in both forms readers use: its key in <c>chat.chat.history.messages</c>, patched in place
/// by the database's JSON function (other messages and <c>history.currentId</c> untouched), and its
/// <c>chat_message</c> row when that table exists.
/// </summary>
internal sealed partial class ChatMessageStore(
    DbConnections connections,
    StorageCapabilities capabilities,
    TimeProvider time,
    ILogger<ChatMessageStore> logger)
{
    /// <summary>
    /// Applies <paramref name="updates"/> in order. Only the message is read (the database's JSON function extracts it),
    /// never the whole chat, which grows with every reply: the read is one lookup and the write one in-place patch.
    /// </summary>
    public async Task<ChatWrite> ApplyAsync(string chatId, string messageId, IReadOnlyList<MessageUpdate> updates, CancellationToken cancellationToken)
    {
        if (messageId.Contains('"', StringComparison.Ordinal) || messageId.Contains('\\', StringComparison.Ordinal))
        {
            Log.BadMessageId(logger, chatId);
            return default;
        }

        // One write of the database's writer (on SQLite, statements kept prepared and commits grouped): a pooled EF
        // context added its rent, reset and transaction wrappers to every reply.
        return await connections.WriteAsync((session, ct) => ApplyAsync(session, chatId, messageId, updates, ct), cancellationToken);
    }

    private async Task<ChatWrite> ApplyAsync(DbWriteSession session, string chatId, string messageId, IReadOnlyList<MessageUpdate> updates, CancellationToken cancellationToken)
    {
        var chat = await ReadMessageAsync(session, chatId, messageId, cancellationToken);
        if (chat is null)
        {
            Log.ChatMissing(logger, chatId, messageId);
            return default;
        }

        var (userId, title, message, hasMessages) = chat.Value;
        var now = time.Seconds();

        // No history.messages object for the in-place patch (none yet, or a chat stored as a JSON string of JSON text,
        // which only .NET reads): the whole chat is read, and written around this message below. Rare.
        var wholeChat = hasMessages ? null : await ReadChatAsync(session, chatId, cancellationToken);
        if (wholeChat is not null)
        {
            message = (wholeChat["history"] as JsonObject)?["messages"] is JsonObject stored ? stored[messageId] as JsonObject : null;
        }

        if (message is null && capabilities.HasChatMessageTable)
        {
            message = await ReadMessageRowAsync(session, chatId, messageId, cancellationToken);
        }

        var changed = false;
        foreach (var update in updates)
        {
            if (message is null)
            {
                if (!update.CreatesMissing)
                {
                    continue;
                }

                message = MessageUpdate.NewMessage(messageId, now);
            }

            changed |= update.Apply(message);
        }

        if (!changed || message is null)
        {
            return new ChatWrite(true, false, title);
        }

        if (wholeChat is null)
        {
            await PatchMessageAsync(session, chatId, messageId, JsonColumn.Write(message), now, cancellationToken);
        }
        else
        {
            if (wholeChat["history"] is not JsonObject history)
            {
                history = [];
                wholeChat["history"] = history;
            }

            if (history["messages"] is not JsonObject messages)
            {
                messages = [];
                history["messages"] = messages;
            }

            messages[messageId] = message.DeepClone();
            await WriteChatAsync(session, chatId, JsonColumn.Write(wholeChat), now, cancellationToken);
        }

        if (capabilities.HasChatMessageTable)
        {
            await UpsertMessageRowAsync(session, chatId, messageId, userId, message, now, cancellationToken);
        }

        return new ChatWrite(true, true, title);
    }

    // The chat's owner and title, the message at history.messages[id] (null when absent or not an object), and whether
    // history.messages is an object the in-place patch can write into. PostgreSQL locks the row (FOR UPDATE); SQLite's
    // transaction is IMMEDIATE (one writer).
    private static async Task<(string? UserId, string? Title, JsonObject? Message, bool HasMessages)?> ReadMessageAsync(
        DbWriteSession session, string chatId, string messageId, CancellationToken cancellationToken)
    {
        var postgres = session.Postgres;
        var command = session.Command(postgres
            ? "SELECT user_id, title, (chat::jsonb #> @path)::text, jsonb_typeof(chat::jsonb #> '{history,messages}') = 'object' FROM chat WHERE id = @id FOR UPDATE"
            : "SELECT user_id, title, CASE WHEN json_valid(chat) THEN json_extract(chat, @path) END, " +
              "CASE WHEN json_valid(chat) THEN json_type(chat, '$.history.messages') = 'object' END FROM chat WHERE id = @id");
        Add(command, "path", MessagePath(postgres, messageId));
        Add(command, "id", chatId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var userId = reader.IsDBNull(0) ? null : reader.GetString(0);
        var title = reader.IsDBNull(1) ? null : reader.GetString(1);
        var message = reader.IsDBNull(2) ? null : JsonColumn.Parse(reader.GetString(2)) as JsonObject;
        var hasMessages = !reader.IsDBNull(3) && reader.GetBoolean(3);
        return (userId, title, message, hasMessages);
    }

    private static async Task<JsonObject> ReadChatAsync(DbWriteSession session, string chatId, CancellationToken cancellationToken)
    {
        var command = session.Command(session.Postgres ? "SELECT chat::text FROM chat WHERE id = @id" : "SELECT chat FROM chat WHERE id = @id");
        Add(command, "id", chatId);
        return JsonColumn.ParseObject(await command.ExecuteScalarAsync(cancellationToken) as string);
    }

    private static object MessagePath(bool postgres, string messageId) =>
        postgres ? new[] { "history", "messages", messageId } : $"$.history.messages.\"{messageId}\"";

    private static async Task PatchMessageAsync(DbWriteSession session, string chatId, string messageId, string message, long now, CancellationToken cancellationToken)
    {
        var postgres = session.Postgres;
        var command = session.Command(postgres
            ? "UPDATE chat SET chat = jsonb_set(chat::jsonb, @path, CAST(@message AS jsonb), true)::json, updated_at = @now WHERE id = @id"
            : "UPDATE chat SET chat = json_set(chat, @path, json(@message)), updated_at = @now WHERE id = @id");
        Add(command, "path", MessagePath(postgres, messageId));
        Add(command, "message", message);
        Add(command, "now", now);
        Add(command, "id", chatId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteChatAsync(DbWriteSession session, string chatId, string chat, long now, CancellationToken cancellationToken)
    {
        var command = session.Command(session.Postgres
            ? "UPDATE chat SET chat = CAST(@chat AS json), updated_at = @now WHERE id = @id"
            : "UPDATE chat SET chat = @chat, updated_at = @now WHERE id = @id");
        Add(command, "chat", chat);
        Add(command, "now", now);
        Add(command, "id", chatId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Add(DbCommand command, string name, object? value) => DbWriteSession.Add(command, name, value);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Chat {ChatId} does not exist: the event for message {MessageId} was sent but not stored.", EventName = "ChatMissing")]
        public static partial void ChatMissing(ILogger logger, string chatId, string messageId);

        [LoggerMessage(2, LogLevel.Warning, "A message id of chat {ChatId} holds quotes or backslashes; the event was sent but not stored.", EventName = "BadMessageId")]
        public static partial void BadMessageId(ILogger logger, string chatId);
    }
}
