using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Document;

/// <summary>
/// Reads XML types as ProseMirror JSON exactly as y-prosemirror's <c>yXmlFragmentToProsemirrorJSON</c> does:
/// the fragment is <c>{"type":"doc","content":[...]}</c>; an XmlElement is <c>{type: nodeName, attrs?, content?}</c>
/// (attrs = its undeleted attributes, content only when it has children); an XmlText becomes one text node per
/// delta run, each formatting attribute a mark <c>{type, attrs: value}</c> whose name loses y-prosemirror's
/// <c>--hash</c> suffix for overlapping marks. One deviation: XmlTexts directly in the fragment are flattened
/// into the doc's content (y-prosemirror would nest an array there, which is not a ProseMirror node).
/// </summary>
internal static partial class ProseMirrorMapping
{
    public static JsonObject FragmentToJson(YType fragment)
    {
        var content = new JsonArray();
        AppendChildren(fragment, content);
        return new JsonObject { ["type"] = "doc", ["content"] = content };
    }

    public static JsonObject ElementToJson(YType element)
    {
        var obj = new JsonObject { ["type"] = element.NodeName ?? string.Empty };
        var attrs = YDoc.MapOf(element);
        if (attrs.Count > 0)
        {
            obj["attrs"] = attrs;
        }

        // As y-prosemirror: "content" is present when the element has children, even if they are empty texts.
        var content = new JsonArray();
        if (AppendChildren(element, content) > 0)
        {
            obj["content"] = content;
        }

        return obj;
    }

    public static JsonArray TextNodes(YType text)
    {
        var nodes = new JsonArray();
        foreach (var op in YDoc.DeltaOf(text))
        {
            var o = (JsonObject)op!;
            // Only strings become text nodes (an embed in an XmlText has no ProseMirror form; y-prosemirror's
            // output for it would not parse as ProseMirror either).
            if (o["insert"] is not JsonValue insert || insert.GetValueKind() != System.Text.Json.JsonValueKind.String)
            {
                continue;
            }

            var node = new JsonObject { ["type"] = "text", ["text"] = insert?.DeepClone() };
            if (o["attributes"] is JsonObject attributes)
            {
                var marks = new JsonArray();
                foreach (var (key, value) in attributes)
                {
                    marks.Add((JsonNode)new JsonObject { ["type"] = MarkName(key), ["attrs"] = value?.DeepClone() });
                }

                node["marks"] = marks;
            }

            nodes.Add((JsonNode)node);
        }

        return nodes;
    }

    /// <summary>y-prosemirror <c>yattr2markname</c>: strips a <c>--</c> + 8 base64 characters suffix.</summary>
    public static string MarkName(string attribute)
    {
        var match = HashedMarkName().Match(attribute);
        return match.Success ? match.Groups[1].Value : attribute;
    }

    private static int AppendChildren(YType parent, JsonArray content)
    {
        var children = 0;
        for (var item = parent.Start; item is not null; item = item.Right)
        {
            if (item.Deleted || item.Content is not TypeContent { Type: var child })
            {
                continue;
            }

            children++;
            if (child.Kind == YTypeRef.XmlText)
            {
                foreach (var node in TextNodes(child).ToList())
                {
                    content.Add(node!.DeepClone());
                }
            }
            else if (child.Kind == YTypeRef.XmlElement)
            {
                content.Add((JsonNode)ElementToJson(child));
            }
        }

        return children;
    }

    [GeneratedRegex("^(.*)(--[a-zA-Z0-9+/=]{8})$", RegexOptions.Singleline)]
    private static partial Regex HashedMarkName();
}
