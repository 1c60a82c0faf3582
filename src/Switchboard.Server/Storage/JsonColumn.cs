using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Switchboard.Server.Storage;

/// <summary>
/// Reads and writes Open WebUI's JSON columns tolerantly: databases upgraded from old releases may hold JSON as a
/// JSON string literal of JSON text, which counts as that JSON (openwebui-schema.md §2).
/// </summary>
internal static class JsonColumn
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    /// <summary>The column's JSON, or <see langword="null"/> for SQL NULL, JSON <c>null</c> or text that is not JSON.</summary>
    public static JsonNode? Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            var node = JsonNode.Parse(text, documentOptions: DocumentOptions);
            if (node is JsonValue value && value.TryGetValue<string>(out var inner) && inner.TrimStart() is ['{', ..] or ['[', ..])
            {
                return JsonNode.Parse(inner, documentOptions: DocumentOptions);
            }

            return node;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The column as an object; anything else (NULL, an array, bad text) counts as an empty object (G24).</summary>
    public static JsonObject ParseObject(string? text) => Parse(text) as JsonObject ?? [];

    /// <summary>How JSON is written to the database: compact, and no HTML escaping (the text is data, not markup).</summary>
    public static readonly JsonSerializerOptions WriteOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>JSON text to store.</summary>
    public static string Write(JsonNode? node) => node?.ToJsonString(WriteOptions) ?? "null";
}
