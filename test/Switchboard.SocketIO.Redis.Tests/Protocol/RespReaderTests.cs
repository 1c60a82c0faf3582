using System.Buffers;
using System.Text;
using Switchboard.SocketIO.Redis.Protocol;

namespace Switchboard.SocketIO.Redis.Tests.Protocol;

/// <summary>The subscription connection's RESP2 reader: pushes and replies, fed whole and split at every byte.</summary>
public sealed class RespReaderTests
{
    [Theory]
    [InlineData("*3\r\n$7\r\nmessage\r\n$4\r\nchan\r\n$5\r\nhello\r\n", "[message|chan|hello]")]
    [InlineData("*4\r\n$8\r\npmessage\r\n$3\r\np#*\r\n$4\r\np#r1\r\n$0\r\n\r\n", "[pmessage|p#*|p#r1|]")]
    [InlineData("*3\r\n$8\r\nsmessage\r\n$2\r\nsc\r\n$6\r\na\r\nb\r\n\r\n", "[smessage|sc|a\r\nb\r\n]")]
    [InlineData("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", "[subscribe|ch|:1]")]
    [InlineData("+OK\r\n", "+OK")]
    [InlineData("-ERR unknown command 'SSUBSCRIBE'\r\n", "-ERR unknown command 'SSUBSCRIBE'")]
    [InlineData(":-12\r\n", ":-12")]
    [InlineData("$-1\r\n", "(nil)")]
    [InlineData("*-1\r\n", "(nil)")]
    [InlineData("*0\r\n", "[]")]
    public void TryRead_SplitAtEveryByte_SameValue(string wire, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        for (var split = 0; split <= bytes.Length; split++)
        {
            var first = new ReadOnlySequence<byte>(bytes.AsMemory(0, split));
            if (split < bytes.Length)
            {
                var partial = first;
                Assert.False(RespReader.TryRead(ref partial, 1024, out _));
                Assert.Equal(split, partial.Length);
            }

            var buffer = Split(bytes, split);
            Assert.True(RespReader.TryRead(ref buffer, 1024, out var value));
            Assert.Equal(expected, Describe(value));
            Assert.Equal(0, buffer.Length);
        }
    }

    [Fact]
    public void TryRead_TwoValues_ReadsOneAtATime()
    {
        var buffer = new ReadOnlySequence<byte>("+OK\r\n*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nx\r\n:1"u8.ToArray());
        Assert.True(RespReader.TryRead(ref buffer, 1024, out var first));
        Assert.Equal("+OK", Describe(first));
        Assert.True(RespReader.TryRead(ref buffer, 1024, out var second));
        Assert.Equal("[message|c|x]", Describe(second));
        Assert.False(RespReader.TryRead(ref buffer, 1024, out _));
        Assert.Equal(":1"u8.ToArray(), buffer.ToArray());
    }

    [Theory]
    [InlineData("!3\r\nabc\r\n", "unknown type")]
    [InlineData("*2\r\n*1\r\n:1\r\n:2\r\n", "nested")]
    [InlineData("*17\r\n", "array of 17")]
    [InlineData("*-2\r\n", "array of -2")]
    [InlineData("$-2\r\n", "bulk string of -2")]
    [InlineData("$x\r\n", "malformed integer")]
    [InlineData(":\r\n", "malformed integer")]
    [InlineData(":123456789012345678901\r\n", "malformed integer")]
    [InlineData("$3\r\nabcXY", "not followed by CRLF")]
    public void TryRead_Malformed_Throws(string wire, string reason)
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(wire));
        var ex = Assert.Throws<InvalidDataException>(() => RespReader.TryRead(ref buffer, 1024, out _));
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_BulkOverLimit_ThrowsBeforeItsContentArrives()
    {
        var buffer = new ReadOnlySequence<byte>("$1025\r\n"u8.ToArray());
        var ex = Assert.Throws<InvalidDataException>(() => RespReader.TryRead(ref buffer, 1024, out _));
        Assert.Contains("limit 1024", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_LineWithoutEndOverLimit_Throws()
    {
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes("+" + new string('a', RespReader.MaxLineLength + 1)));
        Assert.Throws<InvalidDataException>(() => RespReader.TryRead(ref buffer, 1024, out _));
    }

    [Theory]
    [InlineData(new[] { "SUBSCRIBE", "ch" }, "*2\r\n$9\r\nSUBSCRIBE\r\n$2\r\nch\r\n")]
    [InlineData(new[] { "PSUBSCRIBE", "socket.io#/#*" }, "*2\r\n$10\r\nPSUBSCRIBE\r\n$13\r\nsocket.io#/#*\r\n")]
    [InlineData(new[] { "SSUBSCRIBE", "p#/#é#" }, "*2\r\n$10\r\nSSUBSCRIBE\r\n$7\r\np#/#é#\r\n")]
    [InlineData(new[] { "AUTH", "u", "" }, "*3\r\n$4\r\nAUTH\r\n$1\r\nu\r\n$0\r\n\r\n")]
    public void Write_Command_ArrayOfBulkStrings(string[] arguments, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(RespCommand.ToArray(arguments)));
    }

    [Theory]
    [InlineData(false, "socket.io#/#", "*3\r\n$7\r\nPUBLISH\r\n$12\r\nsocket.io#/#\r\n$4\r\n\0\r\n\u00ff\r\n")]
    [InlineData(true, "p#/#é#", "*3\r\n$8\r\nSPUBLISH\r\n$7\r\np#/#é#\r\n$4\r\n\0\r\n\u00ff\r\n")]
    public void WritePublish_BinaryMessage_BulkStrings(bool sharded, string channel, string expected)
    {
        var buffer = new ArrayBufferWriter<byte>();
        RespCommand.WritePublish(buffer, sharded, channel, [0, 13, 10, 0xff]);
        // The expected text is UTF-8 except the message's four raw bytes.
        var expectedBytes = Encoding.UTF8.GetBytes(expected.Replace("\0\r\n\u00ff", "\0\r\nX", StringComparison.Ordinal));
        expectedBytes[Array.LastIndexOf(expectedBytes, (byte)'X')] = 0xff;
        Assert.Equal(expectedBytes, buffer.WrittenSpan.ToArray());

        var written = new ReadOnlySequence<byte>(buffer.WrittenMemory);
        Assert.True(RespReader.TryRead(ref written, 1024, out var value));
        Assert.Equal(new byte[] { 0, 13, 10, 0xff }, value.Items![2].ToArray());
    }

    private static string Describe(RespValue value) => value switch
    {
        { IsNull: true } => "(nil)",
        { Type: RespType.Array } => "[" + string.Join("|", value.Items!.Select(Describe)) + "]",
        { Type: RespType.Integer } => ":" + value.Integer,
        { Type: RespType.SimpleString } => "+" + value.GetString(),
        { Type: RespType.Error } => "-" + value.GetString(),
        _ => value.GetString(),
    };

    private static ReadOnlySequence<byte> Split(byte[] bytes, int at)
    {
        var first = new Segment(bytes.AsMemory(0, at));
        var last = first.Append(bytes.AsMemory(at));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}
