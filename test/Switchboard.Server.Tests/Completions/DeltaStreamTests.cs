using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Documents;
using Xunit.Abstractions;
using static Switchboard.Server.Tests.Completions.ChatEvents;

namespace Switchboard.Server.Tests.Completions;

/// <summary>The delta form (G11) and resuming after a reconnect (G12).</summary>
public sealed class DeltaStreamTests(CompletionServerFixture fixture, ITestOutputHelper output) : IClassFixture<CompletionServerFixture>
{
    private CompletionServer Server => fixture.Server;

    private static async Task SubscribeAsync(DocumentSocket socket)
    {
        var ack = await socket.CallAsync("chat:stream:subscribe", new { deltas = true });
        Assert.True(ack[0]!["deltas"]!.GetValue<bool>());
    }

    // Appends delta events to the text, checking each seq follows the last; returns the last seq. With skipKnown,
    // batches up to seq are dropped first, as a client does with those that arrived before its resume answer.
    private static int Apply(IEnumerable<JsonObject> events, StringBuilder text, int seq, bool skipKnown = false)
    {
        foreach (var e in events.Where(e => Type(e) == "chat:completion:delta"))
        {
            var data = Data(e)!;
            if (skipKnown && data["done"] is null && data["seq"]!.GetValue<int>() <= seq)
            {
                continue;
            }

            if (data["done"] is not null)
            {
                Assert.Equal(seq, data["seq"]!.GetValue<int>());
                continue;
            }

            Assert.Equal(seq + 1, data["seq"]!.GetValue<int>()); // no gap, no duplicate
            seq++;
            text.Append(data["delta"]!.GetValue<string>());
        }

        return seq;
    }

    [Fact]
    public async Task DeltaForm_2000Tokens_SendsLessThanThreeTimesTheText()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var deltaTab = await Server.ConnectAsync(user);
        var compatibleTab = await Server.ConnectAsync(user);
        await SubscribeAsync(deltaTab);
        using var http = Server.Http(user);

        await ChatCompletionSocketTests.StartAsync(http, compatibleTab.Sid, chat, "fake-2000");

        var events = await UntilAsync(deltaTab, "a1", IsInactive);
        var text = new StringBuilder();
        Apply(events, text, 0);
        var expected = Tokens(2000);
        Assert.Equal(expected, text.ToString());
        Assert.DoesNotContain(events, e => Type(e) == "chat:completion"); // the compatible form skips this tab
        var sent = events.Sum(e => Encoding.UTF8.GetByteCount("2" + new JsonArray("events", e.DeepClone()).ToJsonString()));
        Assert.True(sent < 3 * expected.Length, $"{sent} bytes sent for {expected.Length} bytes of text");
        var compatible = await UntilAsync(compatibleTab, "a1", IsDone);
        Assert.Contains(compatible, e => Type(e) == "chat:completion"); // the other tab is unchanged
        var compatibleSent = compatible.Sum(e => Encoding.UTF8.GetByteCount("2" + new JsonArray("events", e.DeepClone()).ToJsonString()));
        output.WriteLine($"text {expected.Length} B; delta form {sent} B in {events.Count} events; compatible form {compatibleSent} B in {compatible.Count} events");
        Assert.Equal(expected, (await Server.StoredMessageAsync(chat))!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_AfterReconnectMidStream_ReconstructsTheContentWithoutGapOrDuplicate()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var first = await Server.ConnectAsync(user);
        await SubscribeAsync(first);
        using var http = Server.Http(user);
        var pausedBefore = await Server.Upstream.StatAsync("paused");

        await ChatCompletionSocketTests.StartAsync(http, first.Sid, chat, "fake-2000", new JsonObject { ["fake_pause_at"] = new JsonArray(500, 1500) });
        var text = new StringBuilder();
        var seq = 0;
        while (!text.ToString().EndsWith("tok499 ", StringComparison.Ordinal))
        {
            seq = Apply(await UntilAsync(first, "a1", e => Type(e) == "chat:completion:delta"), text, seq);
        }

        await first.CloseAsync(); // the tab goes away mid-stream ...
        await CompletionServer.WaitForAsync(async () => await Server.Upstream.StatAsync("paused") >= pausedBefore + 1, "the first pause");
        await Server.Upstream.ReleaseAsync(); // ... and the reply goes on without it, up to the second pause
        await CompletionServer.WaitForAsync(async () => await Server.Upstream.StatAsync("paused") >= pausedBefore + 2, "the second pause");
        var second = await Server.ConnectAsync(user);
        var ack = (await second.CallAsync("chat:stream:resume", new { chat_id = chat, message_id = "a1", after_seq = seq }))[0]!;

        Assert.Null(ack["error"]);
        Assert.Equal(seq, ack["after_seq"]!.GetValue<int>());
        Assert.False(ack["done"]!.GetValue<bool>());
        text.Append(ack["delta"]!.GetValue<string>());
        seq = ack["seq"]!.GetValue<int>();
        await Server.Upstream.ReleaseAsync();
        seq = Apply(await UntilAsync(second, "a1", IsDeltaEnd), text, seq);

        Assert.Equal(Tokens(2000), text.ToString());
        Assert.Equal(Tokens(2000), (await Server.StoredMessageAsync(chat))!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resume_WithoutAfterSeq_AnswersTheWholeContentSoFar()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var tab = await Server.ConnectAsync(user);
        using var http = Server.Http(user);
        var pausedBefore = await Server.Upstream.StatAsync("paused");

        await ChatCompletionSocketTests.StartAsync(http, tab.Sid, chat, "fake-2000", new JsonObject { ["fake_pause_at"] = 100 });
        await CompletionServer.WaitForAsync(async () => await Server.Upstream.StatAsync("paused") > pausedBefore, "the pause");
        await UntilAsync(tab, "a1", e => Type(e) == "chat:completion" && Data(e)?["content"]?.GetValue<string>() == Tokens(100));
        var late = await Server.ConnectAsync(user);
        JsonNode ack = null!;
        await CompletionServer.WaitForAsync(async () =>
        {
            // The batch delay may still hold the last tokens; ask until the delta form has sent all 100.
            ack = (await late.CallAsync("chat:stream:resume", new { chat_id = chat, message_id = "a1" }))[0]!;
            return ack["content"]?.GetValue<string>() == Tokens(100);
        }, "the content so far");
        var text = new StringBuilder(ack["content"]!.GetValue<string>());
        await Server.Upstream.ReleaseAsync();
        Apply(await UntilAsync(late, "a1", IsDeltaEnd), text, ack["seq"]!.GetValue<int>(), skipKnown: true);

        Assert.Equal(Tokens(2000), text.ToString());
    }

    [Fact]
    public async Task Resume_AnotherUsersStream_IsRefused()
    {
        var (owner, chat) = await Server.UserWithChatAsync();
        var (stranger, _) = await Server.UserWithChatAsync();
        var tab = await Server.ConnectAsync(owner);
        using var http = Server.Http(owner);
        await ChatCompletionSocketTests.StartAsync(http, tab.Sid, chat, "fake-model");
        await UntilAsync(tab, "a1", IsInactive);

        var spy = await Server.ConnectAsync(stranger);
        var ack = (await spy.CallAsync("chat:stream:resume", new { chat_id = chat, message_id = "a1", after_seq = 0 }))[0]!;

        Assert.NotNull(ack["error"]);
        Assert.Null(ack["content"]);
        Assert.Null(ack["delta"]);
    }

    [Fact]
    public async Task Resume_AfterTheEnd_AnswersDoneWithTheWholeReply()
    {
        var (user, chat) = await Server.UserWithChatAsync();
        var tab = await Server.ConnectAsync(user);
        using var http = Server.Http(user);
        await ChatCompletionSocketTests.StartAsync(http, tab.Sid, chat, "fake-model");
        await UntilAsync(tab, "a1", IsInactive);

        var ack = (await tab.CallAsync("chat:stream:resume", new { chat_id = chat, message_id = "a1", after_seq = 0 }))[0]!;

        Assert.True(ack["done"]!.GetValue<bool>());
        Assert.Equal(Tokens(20), ack["delta"]!.GetValue<string>());
        Assert.Equal(20, ack["usage"]!["completion_tokens"]!.GetValue<int>());
    }
}
