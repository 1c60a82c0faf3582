using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Nodes;
using Switchboard.Server.Realtime;

namespace Switchboard.Server.Completions;

/// <summary>
/// A <c>POST /api/chat/completions</c> body (an OpenAI request plus Open WebUI's fields, §5.1), checked: the model,
/// the messages, and when <c>session_id</c>, <c>chat_id</c> and <c>id</c> are all there, the socket form. The body
/// sent upstream is the request without Open WebUI's own fields, always streamed.
/// </summary>
internal sealed record CompletionRequest(string Model, JsonObject UpstreamBody, bool Stream, string? SessionId, string? ChatId, string? MessageId, int? ChunkSize)
{
    // Fields Open WebUI's frontend sends that are for the server, not for the model.
    private static readonly string[] ServerFields =
    [
        "session_id", "chat_id", "id", "parent_id", "parent_message", "user_message", "background_tasks", "features",
        "tool_ids", "tool_servers", "files", "variables", "model_item", "filter_ids", "params", "metadata",
        "stream_delta_chunk_size", "terminal_id",
    ];

    /// <summary>Whether the reply goes through the socket (the request names the tab, chat and message).</summary>
    [MemberNotNullWhen(true, nameof(SessionId), nameof(ChatId), nameof(MessageId))]
    public bool ViaSocket => SessionId is not null && ChatId is not null && MessageId is not null;

    public static bool TryParse(JsonNode? body, [NotNullWhen(true)] out CompletionRequest? request, [NotNullWhen(false)] out string? error)
    {
        request = null;
        if (body is not JsonObject obj)
        {
            error = "The body must be a JSON object.";
            return false;
        }

        if (!TryString(obj, "model", required: true, out var model, out error) ||
            !TryString(obj, "session_id", required: false, out var sessionId, out error) ||
            !TryString(obj, "chat_id", required: false, out var chatId, out error) ||
            !TryString(obj, "id", required: false, out var messageId, out error))
        {
            return false;
        }

        if (obj["messages"] is not JsonArray messages || messages.Any(m => m is not JsonObject))
        {
            error = "'messages' must be a list of message objects.";
            return false;
        }

        var stream = true;
        if (obj["stream"] is { } s)
        {
            if (s is not JsonValue v || !v.TryGetValue<bool>(out stream))
            {
                error = "'stream' must be true or false.";
                return false;
            }
        }

        if (!TryChunkSize(obj["stream_delta_chunk_size"] ?? (obj["params"] as JsonObject)?["stream_delta_chunk_size"], out var chunkSize, out error))
        {
            return false;
        }

        var upstream = obj.DeepClone().AsObject();
        foreach (var field in ServerFields)
        {
            upstream.Remove(field);
        }

        upstream["stream"] = true;
        request = new CompletionRequest(model!, upstream, stream, sessionId, chatId, messageId, chunkSize);
        return true;
    }

    private static bool TryString(JsonObject obj, string name, bool required, out string? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        switch (obj[name])
        {
            case null when !required:
                return true;
            case JsonValue v when v.TryGetValue<string>(out var text) && text.Length is > 0 and <= Payload.MaxIdLength:
                value = text;
                return true;
            default:
                error = $"'{name}' must be a string of 1 to {Payload.MaxIdLength} characters.";
                return false;
        }
    }

    private static bool TryChunkSize(JsonNode? node, out int? size, [NotNullWhen(false)] out string? error)
    {
        size = null;
        error = null;
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue v && v.TryGetValue<int>(out var n) && n is >= 1 and <= 10_000)
        {
            size = n;
            return true;
        }

        error = "'stream_delta_chunk_size' must be a whole number from 1 to 10000.";
        return false;
    }
}
