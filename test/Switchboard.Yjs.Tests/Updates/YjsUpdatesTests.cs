using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Tests.Updates;

public class YjsUpdatesTests
{
    private const string A = "01 01 01 00 04 01 01 74 01 61 00"; // client 1 inserts "a" into root text "t"
    private const string B = "01 01 01 01 84 01 00 01 62 00"; // client 1 appends "b"
    private const string C = "01 01 01 03 28 01 01 6d 01 6b 01 7d 01 00"; // map "m" key "k" = 1 at clock 3
    private const string D = "01 01 01 04 a8 01 03 01 7d 02 01 01 01 03 01"; // overwrite k = 2, delete clock 3
    private const string E = "00 01 01 01 01 01"; // delete set only
    private const string Whole = "01010700040101740868656cf09f98806f00"; // client 7: "hel😀o" as one struct
    private const string Part1 = "01010702840701066cf09f98806f00"; // client 7: "l😀o" at clock 2

    // Expected bytes computed by npm yjs 13.6.33 Y.mergeUpdates.
    [Theory]
    [InlineData(new[] { A, B }, "01020100040101740161840100016200")]
    [InlineData(new[] { B, A }, "01020100040101740161840100016200")]
    [InlineData(new[] { C, D }, "010201032801016d016b017d01880103017d020101010301")]
    [InlineData(new[] { A, C }, "010301000401017401610a022801016d016b017d0100")]
    [InlineData(new[] { A, B, E }, "0102010004010174016184010001620101010101")]
    [InlineData(new[] { Part1, Whole }, "01010700040101740868656cf09f98806f00")]
    [InlineData(new[] { "010201002101016d016b01a80100017d020101010001", "0000" }, "010201002101016d016b01880100017d020101010001")]
    public void Merge_Updates_SameBytesAsYjs(string[] inputs, string expected)
    {
        var updates = inputs.Select(h => (ReadOnlyMemory<byte>)Hex.Bytes(h)).ToArray();
        Assert.Equal(expected, Hex.Of(YjsUpdates.Merge(updates)));
    }

    private const string ItemA = "01 01 01 00 04 01 01 74 01 61 00"; // Item "a" at (1,0)
    private const string Gc1 = "01 01 01 00 00 01 00"; // GC at (1,0), length 1
    private const string Gc2 = "01 01 01 00 00 02 00"; // GC at (1,0), length 2
    private const string ItemW = "01 01 01 05 04 01 01 74 01 77 00"; // Item "w" at (1,5)
    private const string ItemC = "01 01 02 00 04 01 01 74 01 63 00"; // Item "c" at (2,0)

    // A GC and an Item at the same ID: yjs' comparator calls each smaller than the other, so the winner depends on
    // input order and V8's sort. Expected bytes from npm yjs 13.6.33.
    [Theory]
    [InlineData(new[] { ItemA, Gc1 }, "01010100000100")]
    [InlineData(new[] { Gc1, ItemA }, "0101010004010174016100")]
    [InlineData(new[] { Gc1, ItemW, ItemA }, "010301000401017401610a0404010174017700")]
    [InlineData(new[] { ItemA, Gc1, ItemC }, "0201020004010174016301010004010174016100")]
    [InlineData(new[] { ItemW, ItemA, Gc2, B }, "0103010000020a0304010174017700")]
    [InlineData(new[] { Gc1, B, ItemA, ItemW }, "0104010004010174016184010001620a0304010174017700")]
    [InlineData(new[] { ItemA, Gc1, ItemA, Gc2, ItemW }, "0103010000020a0304010174017700")]
    public void Merge_GcAndItemAtSameId_SameWinnerAsYjs(string[] inputs, string expected)
    {
        var updates = inputs.Select(h => (ReadOnlyMemory<byte>)Hex.Bytes(h)).ToArray();
        Assert.Equal(expected, Hex.Of(YjsUpdates.Merge(updates)));
    }

    // The second input overlaps the first's one or two units, so yjs slices it (sliceStruct + write with offset).
    // Inputs and expected bytes from npm yjs 13.6.33.
    [Theory]
    [InlineData("010101000201017403077b2261223a317d09756e646566696e6564055b312c325d00", "010201000401017401788201000209756e646566696e6564055b312c325d00", "010201000401017402787982010101055b312c325d00")]
    [InlineData("0101010008010174037d017701737601016b75027c3fc000007e00", "01020100040101740178880100027701737601016b75027c3fc000007e00", "0102010004010174027879880101017601016b75027c3fc000007e00")]
    [InlineData("01010100010101740300", "010201000401017401788101000200", "01020100040101740278798101010100")]
    [InlineData("01010100040101740661f09f98806200", "0102010004010174017884010005f09f98806200", "010201000401017402787984010104efbfbd6200")]
    [InlineData("0101010024010174036b6579047631763200", "01020100040101740178a401000331763200", "0102010004010174027879a4010102763200")]
    public void Merge_OverlapSlicesEverySplittableContent_SameBytesAsYjs(string update, string afterOne, string afterTwo)
    {
        var one = Hex.Bytes("0101010004010174017800"); // "x" at (1,0)
        var two = Hex.Bytes("010101000401017402787900"); // "xy" at (1,0)
        Assert.Equal(afterOne, Hex.Of(YjsUpdates.Merge([one, Hex.Bytes(update)])));
        Assert.Equal(afterTwo, Hex.Of(YjsUpdates.Merge([two, Hex.Bytes(update)])));
        Assert.Equal(update, Hex.Of(UpdateEncoder.Encode(UpdateDecoder.Decode(Hex.Bytes(update)))));
    }

    [Fact]
    public void Merge_NoInput_EmptyUpdate()
    {
        Assert.Equal("0000", Hex.Of(YjsUpdates.Merge([])));
    }

    [Fact]
    public void Merge_OneInput_ReturnedUnchanged()
    {
        // The 0xa8 info byte survives because a single input is not re-encoded (as in yjs).
        Assert.Equal(Hex.Of(Hex.Bytes(D)), Hex.Of(YjsUpdates.Merge([Hex.Bytes(D)])));
    }

    [Fact]
    public void Merge_InputWithAscendingGroups_NormalizedNotDropped()
    {
        // Client 1 then client 2 (ascending): yjs' merge would lose structs; we reorder the groups.
        var ascending = Hex.Bytes("02 01 01 00 04 01 01 74 01 61 01 02 00 04 01 01 74 01 78 00");
        var merged = YjsUpdates.Merge([ascending, Hex.Bytes("00 00")]);
        Assert.Equal("0201020004010174017801010004010174016100", Hex.Of(merged));
        Assert.Equal(merged, YjsUpdates.Normalize(ascending).ToArray());
        Assert.Equal("0202010101", Hex.Of(YjsUpdates.EncodeStateVectorFromUpdate(ascending)));
    }

    [Fact]
    public void Merge_SameClientTwiceInOneUpdate_GroupsMergedOverlapRemoved()
    {
        // Client 1: "ab" at clock 0 in one group, then "b" at clock 1 again in a second group.
        var twice = Hex.Bytes("02 01 01 00 04 01 01 74 02 61 62 01 01 01 84 01 00 01 62 00");
        var normalized = YjsUpdates.Normalize(twice).ToArray();
        Assert.Equal("010101000401017402616200", Hex.Of(normalized));
    }

    [Theory]
    [InlineData(Whole, "01 07 03", "0101070384070205f09f98806f00")]
    [InlineData(Whole, "01 07 04", "0101070484070304efbfbd6f00")]
    [InlineData("01020100040101740161840100016200", "01 01 01", "01010101840100016200")]
    [InlineData(Whole, "00", Whole)]
    [InlineData(Whole, "01 07 06", "0000")]
    public void Diff_StateVector_SameBytesAsYjs(string update, string stateVector, string expected)
    {
        var result = YjsUpdates.Diff(Hex.Bytes(update), Hex.Bytes(stateVector));
        Assert.Equal(Hex.Of(Hex.Bytes(expected)), Hex.Of(result));
    }

    [Theory]
    [InlineData("01020100040101740161840100016200", "010102")]
    [InlineData("010301000401017401610a022801016d016b017d0100", "010101")]
    [InlineData("01 01 01 01 84 01 00 01 62 00", "00")]
    [InlineData("00 00", "00")]
    public void EncodeStateVectorFromUpdate_Update_SameBytesAsYjs(string update, string expected)
    {
        Assert.Equal(expected, Hex.Of(YjsUpdates.EncodeStateVectorFromUpdate(Hex.Bytes(update))));
    }

    [Fact]
    public void LeadingSkips_StateVectorDiffAndMeta_SameAsYjs()
    {
        // Client 2: Skip(0, 3) then "a"; client 1: Skip(0, 2) then "b". yjs counts the very first struct even when
        // it is a Skip (so client 2 gets 3), drops leading Skips in a diff, and counts Skips in parseUpdateMeta.
        var update = Hex.Bytes("02 02 02 00 0a 03 04 01 01 74 01 61 02 01 00 0a 02 04 01 01 74 01 62 00");
        Assert.Equal("010203", Hex.Of(YjsUpdates.EncodeStateVectorFromUpdate(update)));
        Assert.Equal("0201020304010174016101010204010174016200", Hex.Of(YjsUpdates.Diff(update, Hex.Bytes("00"))));
        Assert.Equal("0201020304010174016101010204010174016200", Hex.Of(YjsUpdates.Diff(update, Hex.Bytes("01 02 01"))));
        var meta = YjsUpdates.ParseUpdateMeta(update);
        Assert.Equal([new KeyValuePair<ulong, ulong>(2, 0), new(1, 0)], meta.From);
        Assert.Equal([new KeyValuePair<ulong, ulong>(2, 4), new(1, 3)], meta.To);
    }

    [Fact]
    public void StateVector_EncodeDecode_DescendingClients()
    {
        var sv = new StateVector();
        sv.Set(1, 5);
        sv.Set(300, 2);
        Assert.Equal("02ac02020105", Hex.Of(sv.Encode()));
        var decoded = StateVector.Decode(Hex.Bytes("02ac02020105"));
        Assert.Equal(5UL, decoded.Get(1));
        Assert.Equal(2UL, decoded.Get(300));
        Assert.Equal(0UL, decoded.Get(9));
    }

    [Fact]
    public void DeleteSetMerge_OverlappingRanges_SortedCoalescedDescending()
    {
        var a = new DeleteSet([new DeleteSetClient(1, [new DeleteRange(5, 2), new DeleteRange(0, 1)])]);
        var b = new DeleteSet([new DeleteSetClient(2, [new DeleteRange(0, 1)]), new DeleteSetClient(1, [new DeleteRange(1, 1), new DeleteRange(6, 3)])]);
        var merged = DeleteSet.Merge([a, b]);
        Assert.Equal([2UL, 1UL], merged.Clients.Select(c => c.Client));
        Assert.Equal([new DeleteRange(0, 2), new DeleteRange(5, 4)], merged.Clients[1].Ranges);
    }
}
