using System.Text.Json.Nodes;

namespace Switchboard.Server.Chat;

/// <summary><c>message</c>: appends a delta to the content (only to an existing message, as upstream).</summary>
internal sealed record AppendContent(string Delta) : MessageUpdate
{
    public override bool CreatesMissing => false;

    public override bool Apply(JsonObject message)
    {
        if (Delta.Length == 0)
        {
            return false;
        }

        var current = message["content"] is JsonValue v && v.TryGetValue<string>(out var text) ? text : "";
        message["content"] = current + Delta;
        return true;
    }
}
