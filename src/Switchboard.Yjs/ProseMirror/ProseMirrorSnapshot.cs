using System.Text.Json.Nodes;

namespace Switchboard.Yjs.ProseMirror;

/// <summary>
/// A note's content in the forms Open WebUI stores in <c>note.data.content</c>: ProseMirror JSON, sanitized
/// HTML and Markdown (plus plain text for search), all derived on the server from the document rather than
/// taken from what a browser sends.
/// </summary>
/// <param name="Json">The ProseMirror JSON (<c>{"type":"doc",...}</c>).</param>
/// <param name="Html">Sanitized HTML (<see cref="ProseMirrorHtml"/>).</param>
/// <param name="Markdown">Markdown (<see cref="ProseMirrorMarkdown"/>).</param>
/// <param name="Text">Plain text (<see cref="ProseMirrorText"/>).</param>
public sealed record ProseMirrorSnapshot(JsonObject Json, string Html, string Markdown, string Text)
{
    /// <summary>Renders every form of <paramref name="doc"/>.</summary>
    public static ProseMirrorSnapshot Create(ProseMirrorNode doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return new ProseMirrorSnapshot(doc.ToJson(), ProseMirrorHtml.Render(doc), ProseMirrorMarkdown.Render(doc), ProseMirrorText.Render(doc));
    }

    /// <summary>The <c>{"json", "html", "md"}</c> object Open WebUI keeps in <c>note.data.content</c>.</summary>
    public JsonObject ToNoteContent() => new()
    {
        ["json"] = Json.DeepClone(),
        ["html"] = Html,
        ["md"] = Markdown,
    };
}
