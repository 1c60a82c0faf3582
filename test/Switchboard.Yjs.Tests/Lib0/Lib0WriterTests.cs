using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Tests.Lib0;

public class Lib0WriterTests
{
    // Expected bytes from lib0 0.2.120 encoding.writeVarString (TextEncoder turns lone surrogates into U+FFFD).
    [Theory]
    // The string is given as UTF-16 code units because xunit cannot carry lone surrogates in test names.
    [InlineData(new[] { 0xd83d }, "03efbfbd")]
    [InlineData(new[] { 0x78, 0xdc00, 0x79 }, "0578efbfbd79")]
    [InlineData(new[] { 0xd83d, 0xde00 }, "04f09f9880")]
    public void WriteVarString_LoneSurrogates_WritesReplacementLikeTextEncoder(int[] codeUnits, string hex)
    {
        var value = new string(codeUnits.Select(c => (char)c).ToArray());
        var writer = new Lib0Writer();
        writer.WriteVarString(value);
        Assert.Equal(hex, Hex.Of(writer.WrittenSpan));
    }

    [Fact]
    public void Writer_GrowsPastInitialCapacity_KeepsBytes()
    {
        var writer = new Lib0Writer(16);
        for (var i = 0; i < 1000; i++)
        {
            writer.WriteVarUInt((ulong)i * 1000);
        }

        var reader = new Lib0Reader(writer.WrittenSpan);
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal((ulong)i * 1000, reader.ReadVarUInt());
        }

        Assert.True(reader.IsAtEnd);
    }
}
