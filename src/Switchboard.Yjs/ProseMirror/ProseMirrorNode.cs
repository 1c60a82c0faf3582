using System.Text.Json.Nodes;

namespace Switchboard.Yjs.ProseMirror;

/// <summary>
/// A ProseMirror / TipTap document node as stored in JSON (<c>{"type", "attrs"?, "content"?, "text"?, "marks"?}</c>).
/// Schema-free: any node or mark name is accepted; renderers know the common names of both
/// prosemirror-schema-basic (<c>bullet_list</c>, <c>strong</c>) and TipTap (<c>bulletList</c>, <c>bold</c>).
/// </summary>
public sealed class ProseMirrorNode
{
    /// <summary>Creates a node.</summary>
    public ProseMirrorNode(string type, JsonObject? attrs = null, IReadOnlyList<ProseMirrorNode>? content = null, string? text = null, IReadOnlyList<ProseMirrorMark>? marks = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        Type = type;
        Attrs = attrs;
        Content = content ?? [];
        Text = text;
        Marks = marks ?? [];
    }

    /// <summary>The node name (<c>doc</c>, <c>paragraph</c>, <c>text</c>, ...).</summary>
    public string Type { get; }

    /// <summary>The node's attributes in JSON order, or null when it has none.</summary>
    public JsonObject? Attrs { get; }

    /// <summary>The child nodes (empty for leaves and text).</summary>
    public IReadOnlyList<ProseMirrorNode> Content { get; }

    /// <summary>The text of a <c>text</c> node; null for other nodes.</summary>
    public string? Text { get; }

    /// <summary>The marks of a text node (or of an inline node), in order.</summary>
    public IReadOnlyList<ProseMirrorMark> Marks { get; }

    /// <summary>True for a text node.</summary>
    public bool IsText => Text is not null;

    /// <summary>The string value of attribute <paramref name="name"/>, or null.</summary>
    public string? GetString(string name) =>
        Attrs is not null && Attrs.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The integer value of attribute <paramref name="name"/>, or null.</summary>
    public long? GetInteger(string name)
    {
        if (Attrs is null || !Attrs.TryGetPropertyValue(name, out var value) || value is not JsonValue v)
        {
            return null;
        }

        if (v.TryGetValue<long>(out var l))
        {
            return l;
        }

        return v.TryGetValue<double>(out var d) && double.IsFinite(d) && Math.Abs(d) < 1e15 && d == Math.Floor(d) ? (long)d : null;
    }

    /// <summary>The boolean value of attribute <paramref name="name"/>, or null.</summary>
    public bool? GetBoolean(string name) =>
        Attrs is not null && Attrs.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;

    /// <summary>Parses ProseMirror JSON text (see <see cref="FromJson(JsonNode?, int)"/>).</summary>
    public static ProseMirrorNode Parse(string json, int maxDepth = ProseMirrorJson.DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = Math.Max(64, (maxDepth * 3) + 8) });
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"ProseMirror JSON is not valid JSON: {e.Message}", e);
        }

        return FromJson(node, maxDepth);
    }

    /// <summary>
    /// Reads a node from parsed JSON. Throws <see cref="FormatException"/> naming the path of the problem when the
    /// JSON is not a node (missing <c>type</c>, <c>content</c> not an array, text node without text, nesting deeper
    /// than <paramref name="maxDepth"/>).
    /// </summary>
    public static ProseMirrorNode FromJson(JsonNode? json, int maxDepth = ProseMirrorJson.DefaultMaxDepth) =>
        ProseMirrorJson.ReadNode(json, "$", maxDepth);

    /// <summary>Writes the node as ProseMirror JSON (keys in the order type, attrs, content, text, marks as ProseMirror does: type, attrs, content / type, marks, text).</summary>
    public JsonObject ToJson() => ProseMirrorJson.WriteNode(this);

    /// <inheritdoc />
    public override string ToString() => ToJson().ToJsonString();
}
