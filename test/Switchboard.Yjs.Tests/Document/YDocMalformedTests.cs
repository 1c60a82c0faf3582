using Switchboard.Yjs.Document;
using Switchboard.Yjs.Tests.Updates;

namespace Switchboard.Yjs.Tests.Document;

public class YDocMalformedTests
{
    private static readonly byte[] Valid = [0x01, 0x02, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x01, 0x61, 0x84, 0x01, 0x00, 0x01, 0x62, 0x01, 0x01, 0x01, 0x00, 0x01];

    [Theory]
    [InlineData(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x01, 0x61, 0x00, 0x00 }, "trailing")]
    [InlineData(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x0b, 0x01, 0x00 }, "content ref 11")]
    [InlineData(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x07, 0x01, 0x01, 0x74, 0x07, 0x00 }, "type ref 7")]
    [InlineData(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x00, 0x00 }, "has length 0")]
    [InlineData(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00 }, "has length 0")]
    [InlineData(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x20, 0x01, 0x00 }, "flag bits")]
    [InlineData(new byte[] { 0x01, 0x01, 0x01, 0x02, 0x84, 0x01, 0x05, 0x01, 0x62, 0x00 }, "later clock 5")]
    [InlineData(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x04, 0x02, 0x01, 0x74, 0x01, 0x61, 0x00 }, "Parent info 2")]
    [InlineData(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x01, 0xff, 0x00 }, "string content")]
    public void ApplyUpdate_Malformed_ThrowsAndChangesNothing(byte[] update, string message)
    {
        var doc = new YDoc();
        doc.ApplyUpdate(Valid);
        var before = doc.EncodeStateAsUpdate();
        var e = Assert.Throws<YjsFormatException>(() => doc.ApplyUpdate(update));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, doc.EncodeStateAsUpdate());
    }

    /// <summary>Every update the codec refuses (one row per rule), the document refuses too, with the same message.</summary>
    [Theory]
    [MemberData(nameof(MalformedUpdateTests.Malformed), MemberType = typeof(MalformedUpdateTests))]
    public void ApplyUpdate_EveryCodecRejection_ThrowsAndChangesNothing(string hex, string message)
    {
        var doc = new YDoc();
        doc.ApplyUpdate(Valid);
        var before = doc.EncodeStateAsUpdate();
        var e = Assert.Throws<YjsFormatException>(() => doc.ApplyUpdate(Hex.Bytes(hex)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(before, doc.EncodeStateAsUpdate());
        Assert.Equal(["t"], doc.RootNames);
        Assert.False(doc.HasPending);
    }

    [Theory]
    [InlineData("01 01 01 00 05 01 01 74 01 7b 00", "Embed JSON")]
    [InlineData("01 01 01 00 06 01 01 74 01 62 03 6e 6f 70 00", "Format value JSON")]
    [InlineData("01 01 01 00 02 01 01 74 01 01 78 00", "JSON element")]
    public void ApplyUpdate_InvalidJsonContent_ThrowsAndStateStillMerges(string hex, string message)
    {
        // Before the fix the document took these and then encoded a state that YjsUpdates.Merge refused.
        var doc = new YDoc();
        var e = Assert.Throws<YjsFormatException>(() => doc.ApplyUpdate(Hex.Bytes(hex)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Empty(doc.RootNames);
        _ = Switchboard.Yjs.Updates.YjsUpdates.Merge([doc.EncodeStateAsUpdate()]);
    }

    [Fact]
    public void ApplyUpdate_StructLongerThanInt32_ThrowsWhereTheCodecAccepts()
    {
        // Deleted content of 2^31 clocks in root "t": valid for the codec, over what the document keeps in 32 bits.
        var bytes = Hex.Bytes("01 01 01 00 01 01 01 74 80 80 80 80 08 00");
        Assert.Single(Switchboard.Yjs.Updates.UpdateDecoder.Decode(bytes).Structs);
        var doc = new YDoc();
        var e = Assert.Throws<YjsFormatException>(() => doc.ApplyUpdate(bytes));
        Assert.Contains("over the document's limit", e.Message, StringComparison.Ordinal);
        Assert.Empty(doc.RootNames);
    }

    [Fact]
    public void ApplyUpdate_TruncatedAtEveryByte_ThrowsAndChangesNothing()
    {
        for (var cut = 0; cut < Valid.Length; cut++)
        {
            var doc = new YDoc();
            Assert.Throws<YjsFormatException>(() => doc.ApplyUpdate(Valid.AsSpan(0, cut)));
            Assert.Equal(new byte[] { 0, 0 }, doc.EncodeStateAsUpdate());
            Assert.Empty(doc.RootNames);
        }

        var whole = new YDoc();
        whole.ApplyUpdate(Valid);
        Assert.Equal("b", whole.GetText("t"));
    }

    [Fact]
    public void ApplyUpdate_OverSizeLimit_Throws()
    {
        var doc = new YDoc(new YDocOptions { MaxUpdateBytes = 8 });
        var e = Assert.Throws<YjsFormatException>(() => doc.ApplyUpdate(Valid));
        Assert.Contains("exceeds the limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ApplyUpdate_AnyNestedTooDeep_Throws()
    {
        // Map value: Any array nested 10 deep with a depth limit of 4.
        var w = new Switchboard.Yjs.Lib0.Lib0Writer();
        w.WriteVarUInt(1);
        w.WriteVarUInt(1);
        w.WriteVarUInt(1);
        w.WriteVarUInt(0);
        w.WriteByte(0x28);
        w.WriteVarUInt(1);
        w.WriteVarString("m");
        w.WriteVarString("k");
        w.WriteVarUInt(1);
        for (var i = 0; i < 10; i++)
        {
            w.WriteByte(117);
            w.WriteVarUInt(1);
        }

        w.WriteByte(126);
        w.WriteVarUInt(0);
        var deep = w.ToArray();
        Assert.Throws<YjsFormatException>(() => new YDoc(new YDocOptions { MaxAnyDepth = 4 }).ApplyUpdate(deep));
        var ok = new YDoc();
        ok.ApplyUpdate(deep);
        Assert.Equal("""{"k":[[[[[[[[[[null]]]]]]]]]]}""", ok.GetMap("m").ToJsonString());
    }

    [Fact]
    public void ApplyUpdate_TypesNestedTooDeep_Throws()
    {
        // Client 1: an XmlElement "p" in root "x", then 9 more each inside the previous one.
        var w = new Switchboard.Yjs.Lib0.Lib0Writer();
        w.WriteVarUInt(1);
        w.WriteVarUInt(10);
        w.WriteVarUInt(1);
        w.WriteVarUInt(0);
        for (var i = 0; i < 10; i++)
        {
            w.WriteByte(0x07);
            if (i == 0)
            {
                w.WriteVarUInt(1);
                w.WriteVarString("x");
            }
            else
            {
                w.WriteVarUInt(0);
                w.WriteVarUInt(1);
                w.WriteVarUInt((ulong)(i - 1));
            }

            w.WriteVarUInt(3);
            w.WriteVarString("p");
        }

        w.WriteVarUInt(0);
        var nested = w.ToArray();
        var e = Assert.Throws<YjsFormatException>(() => new YDoc(new YDocOptions { MaxTypeDepth = 5 }).ApplyUpdate(nested));
        Assert.Contains("deeper than 5", e.Message, StringComparison.Ordinal);

        var ok = new YDoc();
        ok.ApplyUpdate(nested);
        Assert.Equal(YRootKind.Xml, ok.InferKind("x"));
        Assert.Equal(10, ok.StateVector[1]);
    }
}
