using System.Globalization;
using System.Text.Json;
using Switchboard.Yjs.Lib0;
using Switchboard.Yjs.Updates;

namespace Switchboard.Cli.Commands;

/// <summary>
/// The JSON shape printed by <c>yjs decode</c>: <c>{"structs": [...], "deleteSet": [{"client", "ranges": [[clock, length]]}]}</c>.
/// Each struct has kind (gc, skip, item), client, clock, length; items add info, origin, rightOrigin, parent,
/// parentSub and content. Any values that JSON cannot hold are tagged objects (bigint, bytes, undefined, number).
/// </summary>
public static class UpdateJson
{
    /// <summary>Writes the decoded update.</summary>
    public static void Write(Utf8JsonWriter json, DecodedUpdate update)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(update);
        json.WriteStartObject();
        json.WriteStartArray("structs");
        foreach (var s in update.Structs)
        {
            WriteStruct(json, s);
        }

        json.WriteEndArray();
        json.WriteStartArray("deleteSet");
        foreach (var entry in update.DeleteSet.Clients)
        {
            json.WriteStartObject();
            json.WriteNumber("client", entry.Client);
            json.WriteStartArray("ranges");
            foreach (var range in entry.Ranges)
            {
                json.WriteStartArray();
                json.WriteNumberValue(range.Clock);
                json.WriteNumberValue(range.Length);
                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStruct(Utf8JsonWriter json, UpdateStruct s)
    {
        json.WriteStartObject();
        json.WriteString("kind", s switch { GcStruct => "gc", SkipStruct => "skip", _ => "item" });
        json.WriteNumber("client", s.Id.Client);
        json.WriteNumber("clock", s.Id.Clock);
        json.WriteNumber("length", s.Length);
        if (s is ItemStruct item)
        {
            json.WriteString("info", "0x" + item.Info.ToString("x2", CultureInfo.InvariantCulture));
            WriteId(json, "origin", item.Origin);
            WriteId(json, "rightOrigin", item.RightOrigin);
            if (item.Parent is { } parent)
            {
                if (parent.RootName is { } name)
                {
                    json.WriteString("parent", name);
                }
                else
                {
                    WriteId(json, "parent", parent.Item);
                }
            }

            if (item.ParentSub is { } key)
            {
                json.WriteString("parentSub", key);
            }

            json.WritePropertyName("content");
            WriteContent(json, item.Content);
        }

        json.WriteEndObject();
    }

    private static void WriteId(Utf8JsonWriter json, string name, Id? id)
    {
        if (id is { } value)
        {
            json.WriteStartObject(name);
            json.WriteNumber("client", value.Client);
            json.WriteNumber("clock", value.Clock);
            json.WriteEndObject();
        }
    }

    private static void WriteContent(Utf8JsonWriter json, ItemContent content)
    {
        json.WriteStartObject();
        json.WriteString("type", content.Ref.ToString());
        switch (content)
        {
            case DeletedContent deleted:
                json.WriteNumber("length", deleted.DeletedLength);
                break;
            case JsonContent values:
                json.WriteStartArray("json");
                foreach (var text in values.Values)
                {
                    json.WriteStringValue(text);
                }

                json.WriteEndArray();
                break;
            case BinaryContent binary:
                json.WriteBase64String("base64", binary.Bytes.Span);
                break;
            case TextContent text:
                json.WriteString("value", text.Value);
                break;
            case EmbedContent embed:
                json.WriteString("json", embed.Json);
                break;
            case FormatContent format:
                json.WriteString("key", format.Key);
                json.WriteString("json", format.ValueJson);
                break;
            case TypeContent type:
                json.WriteString("typeRef", type.TypeRef.ToString());
                if (type.Name is { } name)
                {
                    json.WriteString("name", name);
                }

                break;
            case AnyContent any:
                json.WriteStartArray("values");
                foreach (var value in any.Values)
                {
                    WriteAny(json, value);
                }

                json.WriteEndArray();
                break;
            case DocContent doc:
                json.WriteString("guid", doc.DocGuid);
                json.WritePropertyName("options");
                WriteAny(json, doc.Options);
                break;
            default:
                break;
        }

        json.WriteEndObject();
    }

    private static void WriteAny(Utf8JsonWriter json, AnyValue value)
    {
        switch (value.Tag)
        {
            case AnyTag.Null:
                json.WriteNullValue();
                break;
            case AnyTag.True:
            case AnyTag.False:
                json.WriteBooleanValue(value.AsBoolean);
                break;
            case AnyTag.String:
                json.WriteStringValue(value.AsString);
                break;
            case AnyTag.Integer:
            case AnyTag.Float32:
            case AnyTag.Float64:
                if (double.IsFinite(value.AsNumber))
                {
                    json.WriteNumberValue(value.AsNumber);
                }
                else
                {
                    json.WriteStartObject();
                    json.WriteString("number", value.AsNumber.ToString(CultureInfo.InvariantCulture));
                    json.WriteEndObject();
                }

                break;
            case AnyTag.BigInt:
                json.WriteStartObject();
                json.WriteString("bigint", value.AsBigInt.ToString(CultureInfo.InvariantCulture));
                json.WriteEndObject();
                break;
            case AnyTag.Bytes:
                json.WriteStartObject();
                json.WriteBase64String("bytes", value.AsBytes.Span);
                json.WriteEndObject();
                break;
            case AnyTag.Array:
                json.WriteStartArray();
                foreach (var item in value.AsArray)
                {
                    WriteAny(json, item);
                }

                json.WriteEndArray();
                break;
            case AnyTag.Object:
                json.WriteStartObject();
                foreach (var (key, item) in value.AsObject)
                {
                    json.WritePropertyName(key);
                    WriteAny(json, item);
                }

                json.WriteEndObject();
                break;
            default:
                json.WriteStartObject();
                json.WriteBoolean("undefined", true);
                json.WriteEndObject();
                break;
        }
    }
}
