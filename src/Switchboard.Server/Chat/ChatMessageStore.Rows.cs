using System.Text.Json.Nodes;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Chat;

// The chat_message row (Open WebUI 0.11): id "{chat_id}-{message_id}", the message's fields as columns.
internal sealed partial class ChatMessageStore
{
    private static readonly (string Column, string Property)[] JsonColumns =
    [
        ("content", "content"), ("output", "output"), ("files", "files"), ("sources", "sources"), ("embeds", "embeds"),
        ("status_history", "statusHistory"), ("error", "error"), ("usage", "usage"),
    ];

    // The upsert's SQL for each provider, built once: the JSON columns are cast on PostgreSQL.
    private static readonly string SqliteUpsert = UpsertSql(postgres: false);
    private static readonly string PostgresUpsert = UpsertSql(postgres: true);

    private static async Task<JsonObject?> ReadMessageRowAsync(DbWriteSession session, string chatId, string messageId, CancellationToken cancellationToken)
    {
        var command = session.Command(
            "SELECT role, parent_id, model_id, done, created_at, content, output, files, sources, embeds, status_history, error, usage FROM chat_message WHERE id = @id");
        Add(command, "id", RowId(chatId, messageId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var message = new JsonObject
        {
            ["id"] = messageId,
            ["role"] = reader.IsDBNull(0) ? "assistant" : reader.GetString(0),
            ["parentId"] = reader.IsDBNull(1) ? null : reader.GetString(1),
        };
        if (!reader.IsDBNull(2))
        {
            message["model"] = reader.GetString(2);
        }

        if (!reader.IsDBNull(3))
        {
            message["done"] = reader.GetBoolean(3);
        }

        if (!reader.IsDBNull(4))
        {
            message["timestamp"] = reader.GetInt64(4);
        }

        for (var i = 0; i < JsonColumns.Length; i++)
        {
            if (!reader.IsDBNull(5 + i) && JsonColumn.Parse(reader.GetValue(5 + i).ToString()) is { } value)
            {
                message[JsonColumns[i].Property] = value;
            }
        }

        return message;
    }

    internal static async Task UpsertMessageRowAsync(DbWriteSession session, string chatId, string messageId, string? userId, JsonObject message, long now, CancellationToken cancellationToken)
    {
        var command = session.Command(session.Postgres ? PostgresUpsert : SqliteUpsert);
        Add(command, "id", RowId(chatId, messageId));
        Add(command, "chat_id", chatId);
        Add(command, "user_id", userId);
        Add(command, "role", Text(message["role"]) ?? "assistant");
        Add(command, "parent_id", Text(message["parentId"]));
        Add(command, "model_id", Text(message["model"]));
        Add(command, "done", message["done"] is JsonValue d && d.TryGetValue<bool>(out var done) ? done : null);
        Add(command, "created_at", Seconds(message["timestamp"]) ?? now);
        Add(command, "updated_at", now);
        foreach (var (column, property) in JsonColumns)
        {
            Add(command, column, message[property] is { } value ? JsonColumn.Write(value) : null);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string UpsertSql(bool postgres)
    {
        string J(string parameter) => postgres ? $"CAST(@{parameter} AS json)" : "@" + parameter;
        var jsonColumns = string.Join(", ", JsonColumns.Select(c => c.Column));
        var jsonValues = string.Join(", ", JsonColumns.Select(c => J(c.Column)));
        var jsonUpdates = string.Join(", ", JsonColumns.Select(c => $"{c.Column} = excluded.{c.Column}"));
        return $"INSERT INTO chat_message (id, chat_id, user_id, role, parent_id, model_id, done, created_at, updated_at, {jsonColumns}) " +
            $"VALUES (@id, @chat_id, @user_id, @role, @parent_id, @model_id, @done, @created_at, @updated_at, {jsonValues}) " +
            $"ON CONFLICT (id) DO UPDATE SET role = excluded.role, parent_id = excluded.parent_id, model_id = excluded.model_id, " +
            $"done = excluded.done, updated_at = excluded.updated_at, {jsonUpdates}";
    }

    internal static string RowId(string chatId, string messageId) => chatId + "-" + messageId;

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    // Message timestamps are epoch seconds, or milliseconds when above 1e10 (openwebui-schema.md, chat_message).
    private static long? Seconds(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<double>(out var t) ? (long)(t > 1e10 ? t / 1000 : t) : null;
}
