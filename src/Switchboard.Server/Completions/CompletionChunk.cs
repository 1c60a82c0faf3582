using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Server.Completions;

/// <summary>
/// One streamed chunk of a completion, whoever produced it (an upstream's SSE event or the <c>echo</c> model):
/// the OpenAI chunk as JSON (<c>{id, object: "chat.completion.chunk", choices: [{delta: {content}}], usage?}</c>),
/// which the HTTP form passes on as it is, and what the socket form reads from it. A chunk the server writes itself
/// builds its JSON only when the HTTP form asks for it: the socket form reads just the content.
/// </summary>
internal sealed class CompletionChunk
{
    private readonly ChunkOrigin? _origin;
    private JsonObject? _json;

    private CompletionChunk(JsonObject? json, ChunkOrigin? origin, string? content, JsonObject? usage, string? finishReason)
    {
        _json = json;
        _origin = origin;
        Content = content;
        Usage = usage;
        FinishReason = finishReason;
    }

    /// <summary>The OpenAI chunk object.</summary>
    public JsonObject Json => _json ??= Build(_origin!, Content, FinishReason, Usage);

    /// <summary>The text of <c>choices[0].delta.content</c>, if any.</summary>
    public string? Content { get; }

    /// <summary>The chunk's <c>usage</c>, if any (the last chunk of a stream usually).</summary>
    public JsonObject? Usage { get; }

    /// <summary><c>choices[0].finish_reason</c>, if any.</summary>
    public string? FinishReason { get; }

    /// <summary>Reads an SSE <c>data</c> payload; <see cref="CompletionException"/> when it is not a chunk or carries an error.</summary>
    public static CompletionChunk Parse(string data)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(data) as JsonObject ?? throw new CompletionException("The model sent malformed data: an event that is not a JSON object.");
        }
        catch (JsonException)
        {
            throw new CompletionException($"The model sent malformed data: {Excerpt(data)}");
        }

        return From(json);
    }

    /// <summary>Reads an OpenAI chunk object (an <c>error</c> member becomes a <see cref="CompletionException"/>).</summary>
    public static CompletionChunk From(JsonObject json)
    {
        if (json["error"] is { } error)
        {
            var message = error is JsonObject e && e["message"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : error.ToJsonString();
            throw new CompletionException(message);
        }

        var choice = json["choices"] is JsonArray { Count: > 0 } choices ? choices[0] as JsonObject : null;
        var content = choice?["delta"] is JsonObject delta && delta["content"] is JsonValue c && c.TryGetValue<string>(out var s) ? s : null;
        var finish = choice?["finish_reason"] is JsonValue f && f.TryGetValue<string>(out var reason) ? reason : null;
        return new CompletionChunk(json, null, content, json["usage"] as JsonObject, finish);
    }

    /// <summary>A chunk the server writes itself (the <c>echo</c> model); its JSON is built when first asked for.</summary>
    public static CompletionChunk Create(string id, string model, long created, string? content, string? finishReason = null, JsonObject? usage = null) =>
        new(null, new ChunkOrigin(id, model, created), content, usage, finishReason);

    private static JsonObject Build(ChunkOrigin origin, string? content, string? finishReason, JsonObject? usage)
    {
        var json = new JsonObject
        {
            ["id"] = origin.Id,
            ["object"] = "chat.completion.chunk",
            ["created"] = origin.Created,
            ["model"] = origin.Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["delta"] = content is null ? new JsonObject() : new JsonObject { ["content"] = content },
                ["finish_reason"] = finishReason,
            }),
        };
        if (usage is not null)
        {
            json["usage"] = usage.DeepClone();
        }

        return json;
    }

    private static string Excerpt(string data) => data.Length <= 80 ? data : data[..80] + "...";

    private sealed record ChunkOrigin(string Id, string Model, long Created);
}
