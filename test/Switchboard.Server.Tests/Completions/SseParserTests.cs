using System.Buffers;
using System.Text;
using Switchboard.Server.Completions;

namespace Switchboard.Server.Tests.Completions;

public sealed class SseParserTests
{
    private const string Stream =
        ": keep-alive comment\n\n" +
        "data: {\"a\":1}\n\n" +
        "event: ping\nid: 7\n\n" +
        "data:{\"b\":2}\r\n\r\n" +
        "data: line one\ndata: line two\n\n" +
        "data: [DONE]\n\n";

    private static readonly string[] Expected = ["{\"a\":1}", "{\"b\":2}", "line one\nline two", "[DONE]"];

    // Feeds the bytes in two pieces split at every position, as a network read could deliver them.
    [Fact]
    public void TryReadData_SplitAtEveryByte_ReadsTheSameEvents()
    {
        var bytes = Encoding.UTF8.GetBytes(Stream);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var events = new List<string>();
            var pending = new List<byte>();
            foreach (var piece in new[] { bytes[..split], bytes[split..] })
            {
                pending.AddRange(piece);
                var buffer = new ReadOnlySequence<byte>(pending.ToArray());
                while (SseParser.TryReadData(ref buffer, 1024, out var data))
                {
                    events.Add(data!);
                }

                pending = [.. buffer.ToArray()];
            }

            Assert.Equal(Expected, events);
        }
    }

    [Fact]
    public void TryReadData_Incomplete_ConsumesNothing()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("data: {\"a\":1}\n"));

        Assert.False(SseParser.TryReadData(ref buffer, 1024, out _));
        Assert.Equal(14, buffer.Length);
    }

    [Fact]
    public void TryReadData_EventLongerThanTheLimit_Throws()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("data: " + new string('x', 2000)));

        Assert.Throws<InvalidDataException>(() => SseParser.TryReadData(ref buffer, 1024, out _));
    }

    [Fact]
    public void ReadTrailingData_LastEventWithoutBlankLine_IsRead()
    {
        Assert.Equal("[DONE]", SseParser.ReadTrailingData(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes("data: [DONE]")), 1024));
        Assert.Null(SseParser.ReadTrailingData(ReadOnlySequence<byte>.Empty, 1024));
    }
}
