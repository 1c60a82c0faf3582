using System.Text.Json.Nodes;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Yjs.Document;

public sealed partial class YDoc
{
    /// <summary>The name of the XmlFragment y-prosemirror binds to by default (and Open WebUI's note editor uses).</summary>
    public const string ProseMirrorFragment = "prosemirror";

    /// <summary>
    /// Root <paramref name="name"/> read as a y-prosemirror XmlFragment, as ProseMirror JSON
    /// (<c>{"type":"doc","content":[...]}</c>, see y-prosemirror <c>yDocToProsemirrorJSON</c>).
    /// </summary>
    public JsonObject GetProseMirrorJson(string name = ProseMirrorFragment)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FindRoot(name) is { } root ? ProseMirrorMapping.FragmentToJson(root) : new JsonObject { ["type"] = "doc", ["content"] = new JsonArray() };
    }

    /// <summary>Root <paramref name="name"/> as a <see cref="ProseMirrorNode"/>, ready for the Markdown/HTML/text renderers.</summary>
    public ProseMirrorNode GetProseMirror(string name = ProseMirrorFragment) => ProseMirrorNode.FromJson(GetProseMirrorJson(name));
}
