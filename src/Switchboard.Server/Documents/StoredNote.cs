using System.Text.Json.Nodes;

namespace Switchboard.Server.Documents;

/// <summary>The parts of a <c>note</c> row the document layer reads: its owner and its stored <c>data.content</c>.</summary>
internal sealed record StoredNote(string Id, string? OwnerId, JsonObject? Content)
{
    /// <summary>The stored ProseMirror JSON (<c>data.content.json</c>) when it is a document with content.</summary>
    public JsonObject? ProseMirrorJson =>
        Content?["json"] is JsonObject json && json["content"] is JsonArray { Count: > 0 } ? json : null;

    /// <summary>The stored Markdown (<c>data.content.md</c>) when it is not blank.</summary>
    public string? Markdown =>
        Content?["md"] is JsonValue md && md.TryGetValue<string>(out var m) && m.Trim().Length > 0 ? m : null;

    /// <summary>The stored HTML (<c>data.content.html</c>) when it is not blank.</summary>
    public string? Html =>
        Content?["html"] is JsonValue html && html.TryGetValue<string>(out var h) && h.Trim().Length > 0 ? h : null;

    /// <summary>Whether the note has stored content of any form (JSON, Markdown or HTML).</summary>
    public bool HasContent =>
        ProseMirrorJson is not null ||
        Content?["md"] is JsonValue md && md.TryGetValue<string>(out var m) && m.Trim().Length > 0 ||
        Content?["html"] is JsonValue html && html.TryGetValue<string>(out var h) && h.Trim().Length > 0;
}
