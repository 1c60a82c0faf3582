using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Documents;

namespace Switchboard.Server.Tests.Completions;

/// <summary>Reads the <c>events</c> envelopes (§5.2) a test socket receives.</summary>
internal static class ChatEvents
{
    public static string Type(JsonObject envelope) => envelope["data"]!["type"]!.GetValue<string>();

    public static JsonNode? Data(JsonObject envelope) => envelope["data"]!["data"];

    /// <summary>Events of the message, up to and including the first one <paramref name="last"/> accepts.</summary>
    public static async Task<List<JsonObject>> UntilAsync(DocumentSocket socket, string messageId, Func<JsonObject, bool> last)
    {
        var events = new List<JsonObject>();
        while (true)
        {
            var e = await socket.NextAsync("events");
            if (e["message_id"]?.GetValue<string>() != messageId)
            {
                continue;
            }

            events.Add(e);
            if (last(e))
            {
                return events;
            }
        }
    }

    public static bool IsDone(JsonObject e) => Type(e) == "chat:completion" && Data(e)?["done"]?.GetValue<bool>() == true;

    public static bool IsInactive(JsonObject e) => Type(e) == "chat:active" && Data(e)?["active"]?.GetValue<bool>() == false;

    public static bool IsDeltaEnd(JsonObject e) => Type(e) == "chat:completion:delta" && Data(e)?["done"]?.GetValue<bool>() == true;

    /// <summary>The text of <c>tok0 </c> ... <c>tok{count-1} </c>, what the fake upstream streams.</summary>
    public static string Tokens(int count, int from = 0) => string.Concat(Enumerable.Range(from, count - from).Select(i => $"tok{i} "));
}
