using System.Text.Json.Nodes;

namespace Switchboard.Server.Chat;

/// <summary>
/// <c>files</c>/<c>embeds</c>: the new items first, then the stored ones not among them (same <c>url</c>, else same
/// <c>id</c>, else equal JSON), so an event carrying the full list (inline images) duplicates nothing (G10);
/// or a plain replacement.
/// </summary>
internal sealed record MergeList(string Property, JsonArray Items, bool Replace) : MessageUpdate
{
    public override bool CreatesMissing => true;

    public override bool Apply(JsonObject message)
    {
        var existing = message[Property] as JsonArray;
        var merged = new JsonArray();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in Items)
        {
            if (keys.Add(Key(item)))
            {
                merged.Add(item?.DeepClone());
            }
        }

        if (!Replace && existing is not null)
        {
            foreach (var item in existing)
            {
                if (keys.Add(Key(item)))
                {
                    merged.Add(item?.DeepClone());
                }
            }
        }

        if (existing is not null && JsonNode.DeepEquals(existing, merged))
        {
            return false;
        }

        message[Property] = merged;
        return true;
    }

    private static string Key(JsonNode? item) => item switch
    {
        JsonObject o when o["url"] is JsonValue url => "url:" + url.ToJsonString(),
        JsonObject o when o["id"] is JsonValue id => "id:" + id.ToJsonString(),
        _ => "json:" + (item?.ToJsonString() ?? "null"),
    };
}
