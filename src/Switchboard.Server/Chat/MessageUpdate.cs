using System.Text.Json.Nodes;

namespace Switchboard.Server.Chat;

/// <summary>
/// One stored change to a chat message, from the persistence table of §5.3 with the G10 fixes: only the message
/// changes (never <c>history.currentId</c>); lists merge by a key, so a repeated or full-list event adds nothing twice.
/// Pure: applied to the message's JSON under the store's lock.
/// </summary>
internal abstract record MessageUpdate
{
    /// <summary>Whether the update creates the message when it does not exist (upsert), or is skipped then.</summary>
    public abstract bool CreatesMissing { get; }

    /// <summary>Changes <paramref name="message"/>; returns whether anything changed.</summary>
    public abstract bool Apply(JsonObject message);

    /// <summary>
    /// The update an emitted event stores, or <see langword="null"/> when the type is not stored by the emitter:
    /// <c>status</c> appends to <c>statusHistory</c>; <c>message</c> appends to <c>content</c>; <c>replace</c> sets it;
    /// <c>files</c>/<c>embeds</c> merge (embeds replace with <c>replace:true</c>); <c>source</c>/<c>citation</c> without
    /// a <c>type</c> append to <c>sources</c>.
    /// </summary>
    public static MessageUpdate? For(string type, JsonNode? data)
    {
        var obj = data as JsonObject;
        return type switch
        {
            "status" when obj is not null => new AppendStatus(obj),
            "message" when obj?["content"] is JsonValue v && v.TryGetValue<string>(out var delta) => new AppendContent(delta),
            "replace" when obj?["content"] is JsonValue v && v.TryGetValue<string>(out var content) => new ReplaceContent(content),
            "files" when obj?["files"] is JsonArray files => new MergeList("files", files, Replace: false),
            "embeds" when obj?["embeds"] is JsonArray embeds => new MergeList("embeds", embeds, Replace: obj["replace"] is JsonValue r && r.TryGetValue<bool>(out var replace) && replace),
            "source" or "citation" when obj is not null && obj["type"] is null => new AppendSource(obj),
            _ => null,
        };
    }

    /// <summary>A new assistant message, as <c>upsert_message_to_chat_by_id_and_message_id</c> creates one.</summary>
    public static JsonObject NewMessage(string messageId, long nowSeconds) => new()
    {
        ["id"] = messageId,
        ["role"] = "assistant",
        ["content"] = "",
        ["timestamp"] = nowSeconds,
    };
}
