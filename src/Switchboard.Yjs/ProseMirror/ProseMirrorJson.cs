using System.Text.Json.Nodes;

namespace Switchboard.Yjs.ProseMirror;

/// <summary>Reading and writing <see cref="ProseMirrorNode"/> as JSON (see ProseMirror's <c>Node.toJSON</c>).</summary>
internal static class ProseMirrorJson
{
    public const int DefaultMaxDepth = 256;

    public static ProseMirrorNode ReadNode(JsonNode? json, string path, int depthLeft)
    {
        if (depthLeft <= 0)
        {
            throw new FormatException($"ProseMirror JSON at {path} is nested too deeply.");
        }

        if (json is not JsonObject obj)
        {
            throw new FormatException($"ProseMirror JSON at {path} is not an object.");
        }

        var type = ReadString(obj, "type", path) ?? throw new FormatException($"ProseMirror JSON at {path} has no string 'type'.");
        var attrs = ReadAttrs(obj, path);
        var text = ReadString(obj, "text", path);
        if (type == "text" && text is null)
        {
            throw new FormatException($"ProseMirror JSON at {path} is a text node without 'text'.");
        }

        List<ProseMirrorNode>? content = null;
        if (obj.TryGetPropertyValue("content", out var c) && c is not null)
        {
            if (c is not JsonArray array)
            {
                throw new FormatException($"ProseMirror JSON at {path}.content is not an array.");
            }

            content = new List<ProseMirrorNode>(array.Count);
            for (var i = 0; i < array.Count; i++)
            {
                content.Add(ReadNode(array[i], $"{path}.content[{i}]", depthLeft - 1));
            }
        }

        List<ProseMirrorMark>? marks = null;
        if (obj.TryGetPropertyValue("marks", out var m) && m is not null)
        {
            if (m is not JsonArray array)
            {
                throw new FormatException($"ProseMirror JSON at {path}.marks is not an array.");
            }

            marks = new List<ProseMirrorMark>(array.Count);
            for (var i = 0; i < array.Count; i++)
            {
                var markPath = $"{path}.marks[{i}]";
                if (array[i] is not JsonObject mark)
                {
                    throw new FormatException($"ProseMirror JSON at {markPath} is not an object.");
                }

                var markType = ReadString(mark, "type", markPath) ?? throw new FormatException($"ProseMirror JSON at {markPath} has no string 'type'.");
                marks.Add(new ProseMirrorMark(markType, ReadAttrs(mark, markPath)));
            }
        }

        return new ProseMirrorNode(type, attrs, content, type == "text" ? text : null, marks);
    }

    public static JsonObject WriteNode(ProseMirrorNode node)
    {
        var obj = new JsonObject { ["type"] = node.Type };
        if (node.Attrs is not null)
        {
            obj["attrs"] = node.Attrs.DeepClone();
        }

        if (node.Content.Count > 0)
        {
            var content = new JsonArray();
            foreach (var child in node.Content)
            {
                content.Add((JsonNode)WriteNode(child));
            }

            obj["content"] = content;
        }

        if (node.Marks.Count > 0)
        {
            var marks = new JsonArray();
            foreach (var mark in node.Marks)
            {
                var m = new JsonObject { ["type"] = mark.Type };
                if (mark.Attrs is not null)
                {
                    m["attrs"] = mark.Attrs.DeepClone();
                }

                marks.Add((JsonNode)m);
            }

            obj["marks"] = marks;
        }

        if (node.Text is not null)
        {
            obj["text"] = node.Text;
        }

        return obj;
    }

    private static string? ReadString(JsonObject obj, string key, string path)
    {
        if (!obj.TryGetPropertyValue(key, out var value) || value is null)
        {
            return null;
        }

        if (value is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return s;
        }

        throw new FormatException($"ProseMirror JSON at {path}.{key} is not a string.");
    }

    private static JsonObject? ReadAttrs(JsonObject obj, string path)
    {
        if (!obj.TryGetPropertyValue("attrs", out var value) || value is null)
        {
            return null;
        }

        if (value is not JsonObject attrs)
        {
            throw new FormatException($"ProseMirror JSON at {path}.attrs is not an object.");
        }

        return (JsonObject)attrs.DeepClone();
    }
}
