using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Document;

public sealed partial class YDoc
{
    /// <summary>The text of root <paramref name="name"/> read as a <c>Y.Text</c> (yjs <c>toString()</c>); empty when absent.</summary>
    public string GetText(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FindRoot(name) is { } root ? TextOf(root) : string.Empty;
    }

    /// <summary>The delta of root <paramref name="name"/> read as a <c>Y.Text</c> (yjs <c>toDelta()</c>): inserts with their attributes.</summary>
    public JsonArray GetTextDelta(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FindRoot(name) is { } root ? DeltaOf(root) : [];
    }

    /// <summary>Root <paramref name="name"/> read as a <c>Y.Map</c> (yjs <c>toJSON()</c>).</summary>
    public JsonObject GetMap(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FindRoot(name) is { } root ? MapOf(root) : [];
    }

    /// <summary>Root <paramref name="name"/> read as a <c>Y.Array</c> (yjs <c>toJSON()</c>).</summary>
    public JsonArray GetArray(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return FindRoot(name) is { } root ? ArrayOf(root) : [];
    }

    /// <summary>
    /// Infers how to read root <paramref name="name"/>: text when its list holds strings, formats or embeds; xml
    /// when it holds XML elements or texts; array for other list content; map when it only has keys. A root
    /// whose content is all deleted reads as an empty array (list) or empty map (nothing at all).
    /// </summary>
    public YRootKind InferKind(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (FindRoot(name) is not { } root)
        {
            return YRootKind.Map;
        }

        for (var item = root.Start; item is not null; item = item.Right)
        {
            switch (item.Content)
            {
                case TextContent or FormatContent or EmbedContent:
                    return YRootKind.Text;
                case TypeContent { Type.Kind: YTypeRef.XmlElement or YTypeRef.XmlText or YTypeRef.XmlHook }:
                    return YRootKind.Xml;
                case DeletedContent:
                    continue;
                default:
                    return YRootKind.Array;
            }
        }

        return root.Start is not null ? YRootKind.Array : YRootKind.Map;
    }

    /// <summary>
    /// Every root as JSON: <c>{ name: { "kind": "text", "text": ..., "delta": [...] } | { "kind": "map"|"array"|"xml", "value": ... } }</c>.
    /// <paramref name="kinds"/> gives the kind per root name; roots not listed are inferred (<see cref="InferKind"/>).
    /// </summary>
    public JsonObject ReadContent(IReadOnlyDictionary<string, YRootKind>? kinds = null)
    {
        var result = new JsonObject();
        var names = _roots.Keys.ToList();
        if (kinds is not null)
        {
            names.AddRange(kinds.Keys.Where(k => !_roots.ContainsKey(k)));
        }

        foreach (var name in names)
        {
            var kind = kinds is not null && kinds.TryGetValue(name, out var k) ? k : InferKind(name);
            result[name] = kind switch
            {
                YRootKind.Text => new JsonObject { ["kind"] = "text", ["text"] = GetText(name), ["delta"] = GetTextDelta(name) },
                YRootKind.Map => new JsonObject { ["kind"] = "map", ["value"] = GetMap(name) },
                YRootKind.Array => new JsonObject { ["kind"] = "array", ["value"] = GetArray(name) },
                _ => new JsonObject { ["kind"] = "xml", ["value"] = GetProseMirrorJson(name) },
            };
        }

        return result;
    }

    internal static string TextOf(YType type)
    {
        var sb = new StringBuilder();
        for (var item = type.Start; item is not null; item = item.Right)
        {
            if (!item.Deleted && item.Content is TextContent s)
            {
                sb.Append(s.Text);
            }
        }

        return sb.ToString();
    }

    /// <summary>yjs <c>YText.toDelta()</c>: string runs with the attributes in force, embeds and types as single inserts.</summary>
    internal static JsonArray DeltaOf(YType type)
    {
        var ops = new JsonArray();
        var attributes = new List<KeyValuePair<string, FormatContent>>(); // JS Map order: insertion order, re-set keeps its place
        var text = new StringBuilder();

        void Pack()
        {
            if (text.Length > 0)
            {
                ops.Add((JsonNode)Op(JsonValue.Create(text.ToString()), attributes));
                text.Clear();
            }
        }

        for (var item = type.Start; item is not null; item = item.Right)
        {
            if (item.Deleted)
            {
                continue;
            }

            switch (item.Content)
            {
                case TextContent s:
                    text.Append(s.Text);
                    break;
                case EmbedContent e:
                    Pack();
                    ops.Add((JsonNode)Op(AnyJson.Parse(e.Json), attributes));
                    break;
                case TypeContent t:
                    Pack();
                    ops.Add((JsonNode)Op(TypeToJson(t.Type), attributes));
                    break;
                case FormatContent f:
                    Pack();
                    var index = attributes.FindIndex(a => a.Key == f.Key);
                    if (f.ValueJson == "null")
                    {
                        if (index >= 0)
                        {
                            attributes.RemoveAt(index);
                        }
                    }
                    else if (index >= 0)
                    {
                        attributes[index] = new(f.Key, f);
                    }
                    else
                    {
                        attributes.Add(new(f.Key, f));
                    }

                    break;
            }
        }

        Pack();
        return ops;
    }

    private static JsonObject Op(JsonNode? insert, List<KeyValuePair<string, FormatContent>> attributes)
    {
        var op = new JsonObject { ["insert"] = insert };
        if (attributes.Count > 0)
        {
            var attrs = new JsonObject();
            foreach (var (key, format) in attributes)
            {
                attrs[key] = format.Value?.DeepClone();
            }

            op["attributes"] = attrs;
        }

        return op;
    }

    internal static JsonObject MapOf(YType type)
    {
        var obj = new JsonObject();
        if (!type.HasMap)
        {
            return obj;
        }

        foreach (var (key, item) in type.Map)
        {
            if (!item.Deleted && TryLastValue(item, out var value))
            {
                obj[key] = value;
            }
        }

        return obj;
    }

    internal static JsonArray ArrayOf(YType type)
    {
        var array = new JsonArray();
        for (var item = type.Start; item is not null; item = item.Right)
        {
            if (item.Deleted || !item.Countable)
            {
                continue;
            }

            switch (item.Content)
            {
                case AnyContent any:
                    foreach (var v in any.Values)
                    {
                        array.Add(AnyJson.ToJson(v));
                    }

                    break;
                case JsonContent json:
                    foreach (var v in json.Values)
                    {
                        array.Add(AnyJson.Parse(v));
                    }

                    break;
                case TextContent s:
                    // A string in an array only comes from a misuse of types; show its characters as yjs does.
                    foreach (var c in s.Text.ToString())
                    {
                        array.Add((JsonNode)JsonValue.Create(c.ToString()));
                    }

                    break;
                default:
                    TryLastValue(item, out var value);
                    array.Add(value);
                    break;
            }
        }

        return array;
    }

    /// <summary>The value a map entry shows: the last unit of its item's content.</summary>
    private static bool TryLastValue(Item item, out JsonNode? value)
    {
        value = null;
        switch (item.Content)
        {
            case AnyContent any:
                var last = any.Values[^1];
                if (AnyJson.IsUndefined(last))
                {
                    return false;
                }

                value = AnyJson.ToJson(last);
                return true;
            case JsonContent json:
                value = AnyJson.Parse(json.Values[^1]);
                return json.Values[^1] != "undefined";
            case BinaryContent binary:
                value = AnyJson.Bytes(binary.Bytes.Span);
                return true;
            case TypeContent type:
                value = TypeToJson(type.Type);
                return true;
            case EmbedContent embed:
                value = AnyJson.Parse(embed.Json);
                return true;
            case TextContent s:
                value = JsonValue.Create(s.Text[^1].ToString());
                return true;
            case DocContent doc:
                value = new JsonObject { ["guid"] = doc.DocGuid };
                return true;
            default:
                return false;
        }
    }

    /// <summary>A nested type as JSON: array, map, text as a string, XML as ProseMirror JSON.</summary>
    internal static JsonNode? TypeToJson(YType type) => type.Kind switch
    {
        YTypeRef.Array => ArrayOf(type),
        YTypeRef.Map => MapOf(type),
        YTypeRef.Text => JsonValue.Create(TextOf(type)),
        YTypeRef.XmlFragment => ProseMirrorMapping.FragmentToJson(type),
        YTypeRef.XmlElement => ProseMirrorMapping.ElementToJson(type),
        YTypeRef.XmlText => ProseMirrorMapping.TextNodes(type),
        _ => null,
    };
}
