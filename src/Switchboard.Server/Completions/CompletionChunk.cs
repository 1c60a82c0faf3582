using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Server.Completions;

/// <summary>
/// One streamed chunk of a completion, whoever produced it (an upstream's SSE event or the <c>echo</c> model):
/// the OpenAI chunk as JSON (<c>{id, object: "chat.completion.chunk", choices: [{delta: {content}}], usage?}</c>),
/// which the HTTP form passes on as it is, and what the socket form reads from it.
/// </summary>
internal sealed record CompletionChunk(JsonObject Json, string? Content, JsonObject? Usage, string? FinishReason)
{
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
        return new CompletionChunk(json, content, json["usage"] as JsonObject, finish);
    }

    /// <summary>A chunk the server writes itself (the <c>echo</c> model).</summary>
    public static CompletionChunk Create(string id, string model, long created, string? content, string? finishReason = null, JsonObject? usage = null)
    {
        var json = new JsonObject
        {
            ["id"] = id,
            ["object"] = "chat.completion.chunk",
            ["created"] = created,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["delta"] = content is null ? new JsonObject() : new JsonObject { ["content"] = content },
                ["finish_reason"] = finishReason,
            }),
        };
        if (usage is not null)
        {
            json["usage"] = usage;
        }

        return new CompletionChunk(json, content, usage?.DeepClone().AsObject(), finishReason);
    }

    private static string Excerpt(string data) => data.Length <= 80 ? data : data[..80] + "...";
}
