using System.Text.Json.Nodes;
using Switchboard.Server.Chat;
using Switchboard.Server.Completions;

namespace Switchboard.Server.Tests.Completions;

public sealed class CompatibleContentTests
{
    private static readonly ChatEventTarget Target = new() { UserId = "u1", ChatId = "chat \"1\"", MessageId = "m\\1" };

    public static TheoryData<string[]> Deltas => new()
    {
        new[] { "Hello", " world", "!" },
        new[] { "quote \" and \\ backslash", "\n\t\r\u0001 controls", "</script> & 'html'" },
        new[] { "grüße ", "日本語 ", "emoji 😀 ", "\u2028\u2029" },
        new[] { "pair split \ud83d", "\ude00 joined", "" },
    };

    // Each event, parsed, is the envelope with the whole content so far, whatever characters the deltas hold.
    [Theory]
    [MemberData(nameof(Deltas))]
    public void Event_AfterEachDelta_IsTheEnvelopeWithTheContentSoFar(string[] deltas)
    {
        using var content = new CompatibleContent(Target);
        var expected = "";
        foreach (var delta in deltas)
        {
            content.Append(delta);
            expected += delta;
            var envelope = JsonNode.Parse(content.Event.Utf8.Span)!.AsObject();
            Assert.Equal("chat \"1\"", envelope["chat_id"]!.GetValue<string>());
            Assert.Equal("m\\1", envelope["message_id"]!.GetValue<string>());
            Assert.Equal("chat:completion", envelope["data"]!["type"]!.GetValue<string>());
            var text = envelope["data"]!["data"]!["content"]!.GetValue<string>();

            // A delta that ends inside a surrogate pair shows its first half with the next delta.
            var shown = char.IsHighSurrogate(expected[^1]) ? expected[..^1] : expected;
            Assert.Equal(shown, text);
        }
    }

    // Long replies grow the pooled buffer many times; deltas above the stack buffer take the rented path.
    [Fact]
    public void Event_LongReplyAndLargeDeltas_KeepsEveryCharacter()
    {
        using var content = new CompatibleContent(new ChatEventTarget { UserId = "u1", ChatId = "c", MessageId = "m" });
        var expected = new System.Text.StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            var delta = i % 500 == 0 ? new string('ä', 5000) + "\"" : $"word{i} ";
            content.Append(delta);
            expected.Append(delta);
        }

        var envelope = JsonNode.Parse(content.Event.Utf8.Span)!;
        Assert.Equal(expected.ToString(), envelope["data"]!["data"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public void Event_NullIds_WritesNulls()
    {
        using var content = new CompatibleContent(new ChatEventTarget { UserId = "u1" });
        content.Append("x");
        var envelope = JsonNode.Parse(content.Event.Utf8.Span)!.AsObject();
        Assert.Null(envelope["chat_id"]);
        Assert.True(envelope.ContainsKey("chat_id"));
        Assert.Equal("x", envelope["data"]!["data"]!["content"]!.GetValue<string>());
    }
}
