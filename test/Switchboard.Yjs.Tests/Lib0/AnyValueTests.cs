using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Tests.Lib0;

public class AnyValueTests
{
    // Bytes from lib0 0.2.120 encoding.writeAny for the JavaScript values named in the comments.
    [Theory]
    [InlineData("7f")] // undefined
    [InlineData("7e")] // null
    [InlineData("7d00")] // 0
    [InlineData("7d40")] // -0
    [InlineData("7dbfffffff0f")] // 2^31-1
    [InlineData("7c4f000000")] // 2^31 (float32)
    [InlineData("7ccf000000")] // -2^31
    [InlineData("7c3f000000")] // 0.5
    [InlineData("7b3fb999999999999a")] // 0.1
    [InlineData("7b7ff8000000000000")] // NaN
    [InlineData("7c7f800000")] // Infinity
    [InlineData("7a7fffffffffffffff")] // 2n**63n-1n
    [InlineData("7afffffffffffffffb")] // -5n
    [InlineData("78")] // true
    [InlineData("79")] // false
    [InlineData("77026869")] // "hi"
    [InlineData("760201617d01016275027d01770178")] // {a:1,b:[1,'x']}
    [InlineData("760301317d0201327d0101627d03")] // {2:1,1:2,b:3}
    [InlineData("7500")] // []
    [InlineData("74020102")] // Uint8Array [1,2]
    public void ReadAny_Lib0Bytes_WritesBackSameBytes(string hex)
    {
        var bytes = Hex.Bytes(hex);
        var reader = new Lib0Reader(bytes);
        var value = reader.ReadAny(16);
        Assert.True(reader.IsAtEnd);

        var writer = new Lib0Writer();
        writer.WriteAny(value);
        Assert.Equal(hex, Hex.Of(writer.WrittenSpan));

        var skipper = new Lib0Reader(bytes);
        skipper.SkipAny(16);
        Assert.True(skipper.IsAtEnd);
    }

    [Theory]
    [InlineData(0.0, "7d00")]
    [InlineData(-0.0, "7d40")]
    [InlineData(2147483647.0, "7dbfffffff0f")]
    [InlineData(2147483648.0, "7c4f000000")]
    [InlineData(0.5, "7c3f000000")]
    [InlineData(0.1, "7b3fb999999999999a")]
    [InlineData(double.NaN, "7b7ff8000000000000")]
    [InlineData(double.PositiveInfinity, "7c7f800000")]
    public void FromNumber_JavaScriptNumber_TaggedLikeWriteAny(double number, string hex)
    {
        var writer = new Lib0Writer();
        writer.WriteAny(AnyValue.FromNumber(number));
        Assert.Equal(hex, Hex.Of(writer.WrittenSpan));
    }

    [Fact]
    public void ReadAny_Values_ExposeJavaScriptValues()
    {
        var reader = new Lib0Reader(Hex.Bytes("760201617d01016275027d01770178"));
        var value = reader.ReadAny(8);
        Assert.Equal(AnyTag.Object, value.Tag);
        Assert.Equal("a", value.AsObject[0].Key);
        Assert.Equal(1.0, value.AsObject[0].Value.AsNumber);
        Assert.Equal("x", value.AsObject[1].Value.AsArray[1].AsString);
        Assert.True(double.IsNegative(new Lib0Reader(Hex.Bytes("7d40")).ReadAny(1).AsNumber));
    }

    [Theory]
    [InlineData("00")]
    [InlineData("73")]
    [InlineData("80")]
    public void ReadAny_UnknownTag_Throws(string hex)
    {
        var bytes = Hex.Bytes(hex);
        var e = Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).ReadAny(8));
        Assert.Contains("Unknown Any tag", e.Message, StringComparison.Ordinal);
        Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).SkipAny(8));
    }

    [Fact]
    public void ReadAny_NestingDeeperThanLimit_Throws()
    {
        // 1000 nested one-element arrays around a null.
        var bytes = Enumerable.Repeat(new byte[] { 0x75, 0x01 }, 1000).SelectMany(b => b).Append((byte)0x7e).ToArray();
        var e = Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).ReadAny(64));
        Assert.Contains("nested deeper", e.Message, StringComparison.Ordinal);
        Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).SkipAny(64));
        Assert.Equal(AnyTag.Array, new Lib0Reader(bytes).ReadAny(1000).Tag);
    }

    [Fact]
    public void ReadAny_EveryTruncation_Throws()
    {
        var bytes = Hex.Bytes("760201617d01016275027d01770178");
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var prefix = bytes[..cut];
            Assert.Throws<YjsFormatException>(() => new Lib0Reader(prefix).ReadAny(8));
            Assert.Throws<YjsFormatException>(() => new Lib0Reader(prefix).SkipAny(8));
        }
    }

    [Fact]
    public void ReadAny_HugeArrayCount_ThrowsWithoutAllocating()
    {
        var bytes = Hex.Bytes("75 ffffffffffffff0f 7e");
        Assert.Throws<YjsFormatException>(() => new Lib0Reader(bytes).ReadAny(8));
    }
}
