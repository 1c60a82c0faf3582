using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// What a tab in the delta form (<c>chat:stream:subscribe</c>) makes of a streamed reply: the text of the
/// <c>chat:completion:delta</c> batches of one message, each checked to follow the last (no gap, no duplicate), up to
/// its end. Also the chat rows such replies are stored in.
/// </summary>
internal sealed class TabStream(string chatId, string messageId = "a1")
{
    public const string DeltaType = "chat:completion:delta";

    public StringBuilder Text { get; } = new();

    public int Seq { get; private set; }

    /// <summary>The end's data (<c>{seq, done, usage?, error?, cancelled?}</c>) once it came.</summary>
    public JsonObject? End { get; private set; }

    /// <summary>The other event types of the message, in the order they came (<c>chat:active</c>, <c>chat:tasks:cancel</c>, ...).</summary>
    public List<string> Others { get; } = [];

    public static async Task SubscribeAsync(SocketIOTab tab)
    {
        var ack = await tab.CallAsync("chat:stream:subscribe", new JsonObject { ["deltas"] = true });
        Assert.True((bool?)ack[0]!["deltas"]);
    }

    /// <summary>Starts from a resume answer: its text up to its seq (batches up to that seq that also arrive are skipped).</summary>
    public void Resumed(JsonObject ack, string known)
    {
        Text.Clear().Append(known).Append((string?)ack["delta"] ?? (string?)ack["content"]);
        Seq = (int)ack["seq"]!;
    }

    /// <summary>Reads the tab's events until the message's batches reach <paramref name="seq"/> (or its end, when null).</summary>
    public async Task ReadAsync(SocketIOTab tab, int? seq = null)
    {
        while (End is null && (seq is null || Seq < seq))
        {
            var e = (JsonObject)(await tab.NextAsync("events"))[1]!;
            if ((string?)e["chat_id"] != chatId || (string?)e["message_id"] != messageId)
            {
                continue;
            }

            var type = (string)e["data"]!["type"]!;
            if (type != DeltaType)
            {
                Others.Add(type);
                continue;
            }

            var data = e["data"]!["data"]!.AsObject();
            var n = (int)data["seq"]!;
            if (data["done"] is not null)
            {
                Assert.Equal(Seq, n);
                End = data;
            }
            else if (n > Seq)
            {
                Assert.Equal(Seq + 1, n); // no gap
                Seq = n;
                Text.Append((string)data["delta"]!);
            }
        }
    }

    /// <summary>The stored assistant message <c>a1</c> of a chat.</summary>
    public static async Task<JsonObject?> StoredAsync(ISeedDatabase database, string chatId)
    {
        await using var db = await database.DbAsync();
        var row = db.Chats.Single(c => c.Id == chatId);
        return JsonNode.Parse(row.Chat!)!["history"]!["messages"]!["a1"] as JsonObject;
    }

    /// <summary>Waits until the stored message <c>a1</c> is done with <paramref name="content"/>.</summary>
    public static Task StoredAsync(ISeedDatabase database, string chatId, string content) => Eventually.TrueAsync(async () =>
    {
        var stored = await StoredAsync(database, chatId);
        return (bool?)stored?["done"] == true && (string?)stored["content"] == content;
    }, $"the reply of chat {chatId} is stored");
}
