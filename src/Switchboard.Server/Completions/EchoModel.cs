using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Switchboard.Server.Completions;

/// <summary>
/// The built-in model <c>echo</c>, for trying Switchboard without a language model: streams the last user message
/// back word by word, one chunk per word every <see cref="CompletionOptions.EchoWordDelay"/>, as OpenAI chunks with
/// usage in the last one, so it takes exactly the path an upstream's stream takes.
/// </summary>
internal sealed partial class EchoModel(IOptions<CompletionOptions> options, WordPacer pacer, TimeProvider time) : ICompletionSource
{
    /// <summary>The model id.</summary>
    public const string Id = "echo";

    /// <summary>The model as <c>GET /api/models</c> lists it.</summary>
    public static JsonObject Describe(long created) => new()
    {
        ["id"] = Id,
        ["name"] = "Echo",
        ["object"] = "model",
        ["created"] = created,
        ["owned_by"] = "switchboard",
        ["connection_type"] = "local",
        ["tags"] = new JsonArray(),
        ["info"] = new JsonObject { ["meta"] = new JsonObject { ["description"] = "Repeats your last message word by word (Switchboard's built-in test model)." } },
    };

    public async IAsyncEnumerable<CompletionChunk> StreamAsync(JsonObject body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var text = LastUserText(body["messages"] as JsonArray) ?? "";
        var id = "chatcmpl-echo-" + Guid.NewGuid().ToString("N");
        var created = time.GetUtcNow().ToUnixTimeSeconds();
        var words = Word().Matches(text);
        // Word k at k × delay from the start (not drifting by the time each word takes), paced by the one timer that
        // paces every echo reply (WordPacer), instead of a timer per reply.
        var delay = options.Value.EchoWordDelay;
        using var pace = delay > TimeSpan.Zero ? pacer.Start(delay, cancellationToken) : null;
        foreach (Match word in words)
        {
            if (pace is not null)
            {
                await pace.WaitForNextWordAsync();
            }

            yield return CompletionChunk.Create(id, Id, created, word.Value);
        }

        var prompt = Word().Count(AllText(body["messages"] as JsonArray));
        var usage = new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = words.Count, ["total_tokens"] = prompt + words.Count };
        yield return CompletionChunk.Create(id, Id, created, null, "stop", usage);
    }

    /// <summary>The text of the last <c>user</c> message: a string, or the <c>text</c> parts of a content list.</summary>
    internal static string? LastUserText(JsonArray? messages)
    {
        for (var i = (messages?.Count ?? 0) - 1; i >= 0; i--)
        {
            if (messages![i] is JsonObject m && m["role"] is JsonValue r && r.TryGetValue<string>(out var role) && role == "user")
            {
                return Text(m["content"]);
            }
        }

        return null;
    }

    private static string AllText(JsonArray? messages) =>
        string.Join('\n', (messages ?? []).OfType<JsonObject>().Select(m => Text(m["content"])));

    private static string Text(JsonNode? content) => content switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray parts => string.Join("", parts.OfType<JsonObject>()
            .Where(p => p["type"] is JsonValue t && t.TryGetValue<string>(out var type) && type == "text")
            .Select(p => p["text"] is JsonValue x && x.TryGetValue<string>(out var s) ? s : "")),
        _ => "",
    };

    // A word with the whitespace after it (leading whitespace rides on the first word), so the words add up to the text.
    [GeneratedRegex(@"\s*\S+\s*")]
    private static partial Regex Word();
}
