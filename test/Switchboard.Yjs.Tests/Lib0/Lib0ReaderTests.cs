using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Tests.Lib0;

public class Lib0ReaderTests
{
    // Expected bytes produced by lib0 0.2.120 encoding.writeVarUint / writeVarInt / writeVarString.
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8001")]
    [InlineData(300UL, "ac02")]
    [InlineData(4294967295UL, "ffffffff0f")]
    [InlineData(9007199254740991UL, "ffffffffffffff0f")]
    public void ReadVarUInt_Lib0Bytes_ReturnsValue(ulong expected, string hex)
    {
        var reader = new Lib0Reader(Hex.Bytes(hex));
        Assert.Equal(expected, reader.ReadVarUInt());
        Assert.True(reader.IsAtEnd);

        var writer = new Lib0Writer();
        writer.WriteVarUInt(expected);
        Assert.Equal(hex, Hex.Of(writer.WrittenSpan));
    }

    [Theory]
    [InlineData("ffffffff0f")]
    [InlineData("ffffffffffffff0f")]
    [InlineData("ac02")]
    public void ReadVarUInt_EveryTruncation_Throws(string hex)
    {
        var bytes = Hex.Bytes(hex);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var prefix = bytes[..cut];
            var e = Assert.Throws<YjsFormatException>(() => new Lib0Reader(prefix).ReadVarUInt());
            Assert.Contains("Truncated", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("8000", "minimally")]
    [InlineData("ff00", "minimally")]
    [InlineData("80808080808080 10", "2^53-1")]
    [InlineData("ffffffffffffff 7f", "2^53-1")]
    [InlineData("8080808080808080 01", "2^53-1")]
    public void ReadVarUInt_OverlongOrTooLarge_Throws(string hex, string message)
    {
        var bytes = Hex.Bytes(hex);
        var e = Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).ReadVarUInt());
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, false, "00")]
    [InlineData(0L, true, "40")]
    [InlineData(1L, false, "01")]
    [InlineData(-1L, true, "41")]
    [InlineData(63L, false, "3f")]
    [InlineData(64L, false, "8001")]
    [InlineData(-64L, true, "c001")]
    [InlineData(2147483647L, false, "bfffffff0f")]
    [InlineData(-2147483647L, true, "ffffffff0f")]
    [InlineData(9007199254740991L, false, "bfffffffffffff1f")]
    public void ReadVarInt_Lib0Bytes_ReturnsSignAndMagnitude(long expected, bool negative, string hex)
    {
        var reader = new Lib0Reader(Hex.Bytes(hex));
        Assert.Equal(expected, reader.ReadVarInt(out var isNegative));
        Assert.Equal(negative, isNegative);
        Assert.True(reader.IsAtEnd);

        var writer = new Lib0Writer();
        writer.WriteVarInt(negative && expected == 0 ? -0.0 : expected);
        Assert.Equal(hex, Hex.Of(writer.WrittenSpan));
    }

    [Theory]
    [InlineData("80")]
    [InlineData("bfff")]
    [InlineData("8000")]
    [InlineData("bfffffffffffffff01")]
    public void ReadVarInt_TruncatedOverlongOrTooLarge_Throws(string hex)
    {
        var bytes = Hex.Bytes(hex);
        Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).ReadVarInt());
    }

    [Theory]
    [InlineData("", "00")]
    [InlineData("a", "0161")]
    [InlineData("é", "02c3a9")]
    [InlineData("😀", "04f09f9880")]
    [InlineData("\ufeffbom", "06efbbbf626f6d")]
    public void ReadVarString_ValidUtf8_ReturnsStringAndKeepsBom(string expected, string hex)
    {
        var reader = new Lib0Reader(Hex.Bytes(hex));
        Assert.Equal(expected, reader.ReadVarString());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("01ff")]
    [InlineData("02c328")]
    [InlineData("03eda080")] // an encoded surrogate (CESU-8) is invalid UTF-8
    [InlineData("02c0af")] // overlong encoding of '/'
    [InlineData("04f09f98")]
    public void ReadVarString_InvalidUtf8_Throws(string hex)
    {
        var bytes = Hex.Bytes(hex);
        Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).ReadVarString());
        Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).ReadVarStringUtf8());
    }

    [Fact]
    public void ReadVarUint8Array_HugeLength_ThrowsWithoutAllocating()
    {
        var bytes = Hex.Bytes("ffffffffffffff0f 01 02");
        var e = Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).ReadVarUint8Array());
        Assert.Contains("Truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadCount_CountLargerThanRemainingBytes_Throws()
    {
        var bytes = Hex.Bytes("05 01 02");
        var e = Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).ReadCount("things"));
        Assert.Contains("things 5", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFloatsAndBigInt_BigEndian_ReturnValues()
    {
        var reader = new Lib0Reader(Hex.Bytes("3f000000 3fb999999999999a 7fffffffffffffff"));
        Assert.Equal(0.5f, reader.ReadFloat32());
        Assert.Equal(0.1, reader.ReadFloat64());
        Assert.Equal(long.MaxValue, reader.ReadBigInt64());
        Assert.True(reader.IsAtEnd);
    }
}
