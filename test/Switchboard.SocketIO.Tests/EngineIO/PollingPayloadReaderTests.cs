using System.Buffers;
using System.Text;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;

namespace Switchboard.SocketIO.Tests.EngineIO;

public class PollingPayloadReaderTests
{
    [Theory]
    [InlineData("4hello", "4:hello")]
    [InlineData("4test1\u001e4test2\u001e4test3", "4:test1|4:test2|4:test3")]
    [InlineData("4hello\u001ebAQIDBA==", "4:hello|bin:01020304")]
    [InlineData("3\u001e4a", "3:|4:a")]
    [InlineData("1", "1:")]
    [InlineData("4é🌍\u001e4x", "4:é🌍|4:x")]
    [InlineData("451-0[\"hello\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID", "4:51-0[\"hello\",{\"_placeholder\":true,\"num\":0}]|bin:010203")]
    public void TryParsePacket_SplitAtEveryByte_SamePackets(string payload, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(payload);
        var want = EnginePacketWriterTests.ParsePackets(expected).Select(EnginePacketWriterTests.Describe).ToList();

        for (var split = 0; split <= bytes.Length; split++)
        {
            Assert.Equal(want, ParseInTwoReads(bytes, split));
            Assert.Equal(want, ParseAsTwoSegments(bytes, split));
        }
    }

    [Fact]
    public void TryParsePacket_IncompleteRecord_ConsumesNothing()
    {
        var input = new ReadOnlySequence<byte>("4hel"u8.ToArray());

        Assert.False(PollingPayloadReader.TryParsePacket(ref input, isFinalBlock: false, out _));
        Assert.Equal(4, input.Length);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("4a\u001e\u001e4b")]
    [InlineData("\u001e4a")]
    [InlineData("4a\u001ex")]
    [InlineData("4a\u001eb!!")]
    [InlineData("8")]
    public void TryParsePacket_MalformedRecord_ThrowsInvalidData(string payload)
    {
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload));

        Assert.Throws<InvalidDataException>(() =>
        {
            while (PollingPayloadReader.TryParsePacket(ref input, isFinalBlock: true, out _))
            {
            }
        });
    }

    // Bytes arrive in two reads: the parser sees the first part (not final), then everything (final).
    private static List<string> ParseInTwoReads(byte[] bytes, int split)
    {
        var result = new List<string>();
        var buffered = new ReadOnlySequence<byte>(bytes.AsMemory(0, split));
        while (PollingPayloadReader.TryParsePacket(ref buffered, isFinalBlock: false, out var packet))
        {
            result.Add(EnginePacketWriterTests.Describe(packet));
        }

        var consumed = split - (int)buffered.Length;
        var rest = new ReadOnlySequence<byte>(bytes.AsMemory(consumed));
        while (PollingPayloadReader.TryParsePacket(ref rest, isFinalBlock: true, out var packet))
        {
            result.Add(EnginePacketWriterTests.Describe(packet));
        }

        return result;
    }

    private static List<string> ParseAsTwoSegments(byte[] bytes, int split)
    {
        var first = new Segment(bytes.AsMemory(0, split));
        var last = first.Append(bytes.AsMemory(split));
        var input = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
        var result = new List<string>();
        while (PollingPayloadReader.TryParsePacket(ref input, isFinalBlock: true, out EnginePacket packet))
        {
            result.Add(EnginePacketWriterTests.Describe(packet));
        }

        return result;
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory)
        {
            Memory = memory;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
