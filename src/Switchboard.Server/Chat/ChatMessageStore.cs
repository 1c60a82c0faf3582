using System.Data.Common;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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
    IDbContextFactory<WebUIDbContext> contexts,
    StorageCapabilities capabilities,
    TimeProvider time,
    ILogger<ChatMessageStore> logger)
{
    /// <summary>Applies <paramref name="updates"/> in order; false when the chat is missing or nothing was stored.</summary>
    public async Task<bool> ApplyAsync(string chatId, string messageId, IReadOnlyList<MessageUpdate> updates, CancellationToken cancellationToken)
    {
        if (messageId.Contains('"', StringComparison.Ordinal) || messageId.Contains('\\', StringComparison.Ordinal))
        {
            Log.BadMessageId(logger, chatId);
            return false;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var postgres = db.Database.IsNpgsql();
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        var tx = transaction.GetDbTransaction();

        var chat = await ReadChatAsync(connection, tx, postgres, chatId, cancellationToken);
        if (chat is null)
        {
            Log.ChatMissing(logger, chatId, messageId);
            return false;
        }

        var (userId, chatJson) = chat.Value;
        var now = time.Seconds();
        var history = chatJson["history"] as JsonObject;
        var messages = history?["messages"] as JsonObject;
        var message = messages?[messageId] as JsonObject;
        if (message is null && capabilities.HasChatMessageTable)
        {
            message = await ReadMessageRowAsync(connection, tx, chatId, messageId, cancellationToken);
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
            return false;
        }

        var messageText = JsonColumn.Write(message);
        if (messages is not null)
        {
            await PatchMessageAsync(connection, tx, postgres, chatId, messageId, messageText, now, cancellationToken);
        }
        else
        {
            // No history.messages yet: build it around this one message (the row is locked, nothing is lost).
            history ??= [];
            chatJson["history"] = history;
            history["messages"] = new JsonObject { [messageId] = message.DeepClone() };
            await WriteChatAsync(connection, tx, postgres, chatId, JsonColumn.Write(chatJson), now, cancellationToken);
        }

        if (capabilities.HasChatMessageTable)
        {
            await UpsertMessageRowAsync(connection, tx, postgres, chatId, messageId, userId, message, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task<(string? UserId, JsonObject Chat)?> ReadChatAsync(DbConnection connection, DbTransaction tx, bool postgres, string chatId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, postgres
            ? "SELECT user_id, chat::text FROM chat WHERE id = @id FOR UPDATE"
            : "SELECT user_id, chat FROM chat WHERE id = @id");
        Add(command, "id", chatId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var userId = reader.IsDBNull(0) ? null : reader.GetString(0);
        var json = reader.IsDBNull(1) ? null : reader.GetString(1);
        return (userId, JsonColumn.ParseObject(json));
    }

    private static async Task PatchMessageAsync(DbConnection connection, DbTransaction tx, bool postgres, string chatId, string messageId, string message, long now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, postgres
            ? "UPDATE chat SET chat = jsonb_set(chat::jsonb, @path, CAST(@message AS jsonb), true)::json, updated_at = @now WHERE id = @id"
            : "UPDATE chat SET chat = json_set(chat, @path, json(@message)), updated_at = @now WHERE id = @id");
        Add(command, "path", postgres ? new[] { "history", "messages", messageId } : $"$.history.messages.\"{messageId}\"");
        Add(command, "message", message);
        Add(command, "now", now);
        Add(command, "id", chatId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task WriteChatAsync(DbConnection connection, DbTransaction tx, bool postgres, string chatId, string chat, long now, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, postgres
            ? "UPDATE chat SET chat = CAST(@chat AS json), updated_at = @now WHERE id = @id"
            : "UPDATE chat SET chat = @chat, updated_at = @now WHERE id = @id");
        Add(command, "chat", chat);
        Add(command, "now", now);
        Add(command, "id", chatId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static DbCommand Command(DbConnection connection, DbTransaction tx, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        return command;
    }

    internal static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Chat {ChatId} does not exist: the event for message {MessageId} was sent but not stored.", EventName = "ChatMissing")]
        public static partial void ChatMissing(ILogger logger, string chatId, string messageId);

        [LoggerMessage(2, LogLevel.Warning, "A message id of chat {ChatId} holds quotes or backslashes; the event was sent but not stored.", EventName = "BadMessageId")]
        public static partial void BadMessageId(ILogger logger, string chatId);
    }
}
