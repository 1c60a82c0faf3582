using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Document;

/// <summary>
/// Converts stored values to JSON the way <c>JSON.stringify</c> shows yjs' <c>toJSON()</c>: undefined becomes
/// null (and is left out of objects), NaN/Infinity become null, a BigInt becomes a number, and a Uint8Array
/// becomes an array of byte values.
/// </summary>
internal static class AnyJson
{
    public static bool IsUndefined(AnyValue value) => value.Tag == AnyTag.Undefined;

    public static JsonNode? ToJson(AnyValue value)
    {
        switch (value.Tag)
        {
            case AnyTag.Undefined:
            case AnyTag.Null:
                return null;
            case AnyTag.True:
                return JsonValue.Create(true);
            case AnyTag.False:
                return JsonValue.Create(false);
            case AnyTag.Integer:
                return JsonValue.Create((long)value.AsNumber);
            case AnyTag.Float32:
            case AnyTag.Float64:
                var d = value.AsNumber;
                return double.IsFinite(d) ? JsonValue.Create(d) : null;
            case AnyTag.BigInt:
                return JsonValue.Create(value.AsBigInt);
            case AnyTag.String:
                return JsonValue.Create(value.AsString);
            case AnyTag.Bytes:
                return Bytes(value.AsBytes.Span);
            case AnyTag.Array:
                var array = new JsonArray();
                foreach (var item in value.AsArray)
                {
                    array.Add(ToJson(item));
                }

                return array;
            case AnyTag.Object:
                var obj = new JsonObject();
                foreach (var (key, item) in value.AsObject)
                {
                    if (item.Tag == AnyTag.Undefined)
                    {
                        obj.Remove(key);
                    }
                    else
                    {
                        obj[key] = ToJson(item);
                    }
                }

                return obj;
            default:
                return null;
        }
    }

    public static JsonArray Bytes(ReadOnlySpan<byte> bytes)
    {
        var array = new JsonArray();
        foreach (var b in bytes)
        {
            array.Add((JsonNode)JsonValue.Create((int)b));
        }

        return array;
    }

    /// <summary>Parses JSON text stored in an item (format values, embeds, legacy JSON content); "undefined" and invalid text become null.</summary>
    public static JsonNode? Parse(string json)
    {
        if (json == "undefined")
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
