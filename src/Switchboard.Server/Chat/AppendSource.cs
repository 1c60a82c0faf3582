using System.Text.Json.Nodes;

namespace Switchboard.Server.Chat;

/// <summary><c>source</c>/<c>citation</c>: appends to <c>sources</c>, unless the same source is already there.</summary>
internal sealed record AppendSource(JsonObject Source) : MessageUpdate
{
    public override bool CreatesMissing => true;

    public override bool Apply(JsonObject message)
    {
        if (message["sources"] is not JsonArray sources)
        {
            sources = [];
            message["sources"] = sources;
        }

        if (sources.Any(s => JsonNode.DeepEquals(s, Source)))
        {
            return false;
        }

        sources.Add(Source.DeepClone());
        return true;
    }
}
