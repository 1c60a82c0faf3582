using Switchboard.Yjs.Lib0;
using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Tests.Updates;

public class UpdateDecoderTests
{
    // Worked examples of yjs-format.md section 2.5, plus updates written by yjs 13.6.33.
    public static TheoryData<string> YjsUpdates => new()
    {
        "01 01 01 00 04 01 01 74 01 61 00",
        "01 01 01 01 84 01 00 01 62 00",
        "01 01 01 03 28 01 01 6d 01 6b 01 7d 01 00",
        "01 01 01 04 a8 01 03 01 7d 02 01 01 01 03 01",
        "00 01 01 01 01 01",
        "00 00",
        "01010700040101740868656cf09f98806f00",
        "010201002101016d016b01a80100017d020101010001",
        "0101070484070304efbfbd6f00",
        "010301000401017401610a022801016d016b017d0100",
    };

    [Theory]
    [MemberData(nameof(YjsUpdates))]
    public void DecodeEncode_YjsUpdate_SameBytes(string hex)
    {
        var bytes = Hex.Bytes(hex);
        Assert.Equal(Hex.Of(bytes), Hex.Of(UpdateEncoder.Encode(UpdateDecoder.Decode(bytes))));
    }

    [Theory]
    [MemberData(nameof(YjsUpdates))]
    public void Decode_EveryTruncation_Throws(string hex)
    {
        var bytes = Hex.Bytes(hex);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var prefix = bytes[..cut];
            Assert.Throws<YjsFormatException>(() => UpdateDecoder.Decode(prefix));
        }
    }

    [Fact]
    public void Decode_RootStringItem_HasParentAndUtf16Content()
    {
        var update = UpdateDecoder.Decode(Hex.Bytes("01 01 01 00 04 01 01 74 01 61 00"));
        var item = Assert.IsType<ItemStruct>(Assert.Single(update.Structs));
        Assert.Equal(new Id(1, 0), item.Id);
        Assert.Null(item.Origin);
        Assert.Equal("t", item.Parent?.RootName);
        Assert.Equal("a", Assert.IsType<TextContent>(item.Content).Value);
        Assert.Empty(update.DeleteSet.Clients);
    }

    [Fact]
    public void Decode_MapOverwriteWithOrigin_KeyNotOnWireButBitKept()
    {
        var update = UpdateDecoder.Decode(Hex.Bytes("01 01 01 04 a8 01 03 01 7d 02 01 01 01 03 01"));
        var item = Assert.IsType<ItemStruct>(Assert.Single(update.Structs));
        Assert.Equal(new Id(1, 3), item.Origin);
        Assert.Null(item.Parent);
        Assert.Null(item.ParentSub);
        Assert.True(item.HasParentSubBit);
        Assert.Equal(0xa8, item.Info);
        Assert.Equal(2.0, Assert.IsType<AnyContent>(item.Content).Values[0].AsNumber);
        var ds = Assert.Single(update.DeleteSet.Clients);
        Assert.Equal(new DeleteRange(3, 1), Assert.Single(ds.Ranges));
        Assert.True(update.DeleteSet.Contains(new Id(1, 3)));
        Assert.False(update.DeleteSet.Contains(new Id(1, 4)));
    }

    [Fact]
    public void Decode_AstralString_LengthInUtf16Units()
    {
        var update = UpdateDecoder.Decode(Hex.Bytes("01010700040101740868656cf09f98806f00"));
        var item = Assert.IsType<ItemStruct>(Assert.Single(update.Structs));
        Assert.Equal(6UL, item.Length);
        Assert.Equal("hel😀o", ((TextContent)item.Content).Value);
    }

    [Fact]
    public void Decode_MergedUpdateWithSkip_YieldsSkipStruct()
    {
        var update = UpdateDecoder.Decode(Hex.Bytes("010301000401017401610a022801016d016b017d0100"));
        var structs = update.Structs.ToList();
        Assert.IsType<ItemStruct>(structs[0]);
        Assert.Equal(new SkipStruct(new Id(1, 1), 2), structs[1]);
        Assert.Equal("k", ((ItemStruct)structs[2]).ParentSub);
    }

    [Fact]
    public void StringContentSplit_InsideSurrogatePair_ReplacesBothHalvesLikeYjs()
    {
        var (left, right) = new TextContent("a😀b").Split(2);
        Assert.Equal("a\uFFFD", ((TextContent)left).Value);
        Assert.Equal("\uFFFDb", ((TextContent)right).Value);
        var writer = new Lib0Writer();
        new TextContent("l😀o").Write(writer, 2);
        Assert.Equal("04efbfbd6f", Hex.Of(writer.WrittenSpan));
    }
}
