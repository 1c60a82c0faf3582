using System.Text.Json.Nodes;

namespace Switchboard.Server.Chat;

/// <summary><c>status</c>: appends to <c>statusHistory</c> (only to an existing message, as upstream).</summary>
internal sealed record AppendStatus(JsonObject Status) : MessageUpdate
{
    public override bool CreatesMissing => false;

    public override bool Apply(JsonObject message)
    {
        if (message["statusHistory"] is not JsonArray history)
        {
            history = [];
            message["statusHistory"] = history;
        }

        history.Add(Status.DeepClone());
        return true;
    }
}
