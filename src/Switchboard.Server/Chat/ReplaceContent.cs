using System.Text.Json.Nodes;

namespace Switchboard.Server.Chat;

/// <summary><c>replace</c>: sets the content.</summary>
internal sealed record ReplaceContent(string Content) : MessageUpdate
{
    public override bool CreatesMissing => true;

    public override bool Apply(JsonObject message)
    {
        if (message["content"] is JsonValue v && v.TryGetValue<string>(out var text) && text == Content)
        {
            return false;
        }

        message["content"] = Content;
        return true;
    }
}
