using System.Text.Json.Nodes;

namespace Switchboard.Yjs.ProseMirror;

/// <summary>A ProseMirror / TipTap mark (<c>{"type": "bold"}</c>, <c>{"type": "link", "attrs": {...}}</c>).</summary>
/// <param name="Type">The mark name, e.g. <c>bold</c>, <c>strong</c>, <c>link</c>.</param>
/// <param name="Attrs">The mark's attributes, or null when the JSON had none.</param>
public sealed record ProseMirrorMark(string Type, JsonObject? Attrs)
{
    /// <summary>The string value of attribute <paramref name="name"/>, or null.</summary>
    public string? GetString(string name) =>
        Attrs is not null && Attrs.TryGetPropertyValue(name, out var value) && value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
