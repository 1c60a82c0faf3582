using System.Text.Json.Nodes;
using Switchboard.Server.Chat;

namespace Switchboard.Server.Completions;

/// <summary>
/// The end of a reply, stored whether or not a tab is connected: the content that arrived, <c>done: true</c>, the
/// usage when the model reported it, and <c>error: {content}</c> when it failed (as Open WebUI's middleware stores
/// them). Creates the message when it does not exist yet.
/// </summary>
internal sealed record CompleteReply(string Content, JsonObject? Usage, string? Error) : MessageUpdate
{
    public override bool CreatesMissing => true;

    public override bool Apply(JsonObject message)
    {
        message["content"] = Content;
        message["done"] = true;
        if (Usage is not null)
        {
            message["usage"] = Usage.DeepClone();
        }

        if (Error is not null)
        {
            message["error"] = new JsonObject { ["content"] = Error };
        }

        return true;
    }
}
