using System.Text.Json.Nodes;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Server.Documents;

/// <summary>What <see cref="MarkdownNote"/> and <see cref="HtmlNote"/> share to build TipTap's nodes.</summary>
internal static class NoteNodes
{
    // A list item, quote or cell holds at least one paragraph in TipTap's schema.
    public static List<ProseMirrorNode> NonEmpty(List<ProseMirrorNode> blocks)
    {
        if (blocks.Count == 0 || blocks[0].Type != "paragraph" && blocks[0].Type != "heading")
        {
            blocks.Insert(0, new ProseMirrorNode("paragraph"));
        }

        return blocks;
    }

    public static void AddText(string text, List<ProseMirrorMark> marks, List<ProseMirrorNode> into)
    {
        if (text.Length > 0)
        {
            into.Add(new ProseMirrorNode("text", text: text, marks: marks.Count == 0 ? null : [.. marks.DistinctBy(m => m.Type)]));
        }
    }

    // ProseMirror keeps one text node per run of equal marks.
    public static List<ProseMirrorNode> MergeText(List<ProseMirrorNode> nodes)
    {
        var merged = new List<ProseMirrorNode>(nodes.Count);
        foreach (var node in nodes)
        {
            if (node.IsText && merged.Count > 0 && merged[^1] is { IsText: true } last && SameMarks(last.Marks, node.Marks))
            {
                merged[^1] = new ProseMirrorNode("text", text: last.Text + node.Text, marks: last.Marks.Count == 0 ? null : last.Marks);
            }
            else
            {
                merged.Add(node);
            }
        }

        return merged;
    }

    public static bool SameMarks(IReadOnlyList<ProseMirrorMark> a, IReadOnlyList<ProseMirrorMark> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Type == p.Second.Type &&
            JsonNode.DeepEquals(p.First.Attrs, p.Second.Attrs));

    public static ProseMirrorMark Link(string href, string? title) =>
        new("link", title is { Length: > 0 } ? new JsonObject { ["href"] = href, ["title"] = title } : new JsonObject { ["href"] = href });

    public static JsonObject Attrs(params (string Name, object? Value)[] attrs)
    {
        var json = new JsonObject();
        foreach (var (name, value) in attrs)
        {
            json[name] = value switch
            {
                null => null,
                bool b => JsonValue.Create(b),
                int i => JsonValue.Create(i),
                string s => JsonValue.Create(s),
                _ => throw new ArgumentOutOfRangeException(nameof(attrs)),
            };
        }

        return json;
    }
}
