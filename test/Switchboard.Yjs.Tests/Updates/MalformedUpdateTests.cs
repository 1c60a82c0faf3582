using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Tests.Updates;

/// <summary>One row per rejection rule: every entry point rejects the update with a message naming the problem.</summary>
public class MalformedUpdateTests
{
    public static TheoryData<string, string> Malformed => new()
    {
        { "00 00 00", "trailing bytes" },
        { "05 00", "client group count 5" },
        { "01 09 01 00 00 01 00", "struct count 9" },
        { "01 00 01 00 00", "has no structs" },
        { "01 01 01 00 80 01 00", "flag bits" },
        { "01 01 01 00 0b 01 00", "Unknown content ref 11" },
        { "01 01 01 00 df 01 00 01 00 00", "Unknown content ref 31" },
        { "01 01 01 00 04 02 01 61 00", "Parent info 2" },
        { "01 01 01 00 04 01 01 ff 01 61 00", "root type name at offset 6 is not valid UTF-8" },
        { "01 01 01 00 24 01 01 74 02 c3 28 01 61 00", "parentSub (map key) at offset 8 is not valid UTF-8" },
        { "01 01 01 00 04 01 01 74 01 ff 00", "string content at offset 8 is not valid UTF-8" },
        { "01 01 01 00 04 01 01 74 03 ed a0 80 00", "not valid UTF-8" },
        { "01 01 01 00 05 01 01 74 01 7b 00", "Embed JSON at offset 8 is not valid JSON" },
        { "01 01 01 00 06 01 01 74 01 62 03 6e 6f 70 00", "Format value JSON at offset 10 is not valid JSON" },
        { "01 01 01 00 02 01 01 74 01 01 78 00", "JSON element at offset 9 is not valid JSON" },
        { "01 01 01 00 07 01 01 74 07 00", "Unknown type ref 7" },
        { "01 01 01 00 08 01 01 74 01 73 00", "Unknown Any tag 115" },
        { "01 01 01 00 09 01 01 74 01 67 7e 00", "not an Any object" },
        { "01 01 01 00 04 01 01 74 00 00", "has length 0" },
        { "01 01 01 02 84 01 05 01 62 00", "refers to its own client's later clock 5" },
        { "01 01 01 02 44 01 02 01 62 00", "refers to its own client's later clock 2" },
        { "01 01 01 02 04 00 01 03 01 62 00", "refers to its own client's later clock 3" },
        { "01 01 01 00 00 00 00", "has length 0" },
        { "01 01 01 00 08 01 01 74 00 00", "has length 0" },
        { "01 01 01 fe ff ff ff ff ff ff 0f 00 05 00", "runs past clock 2^53-1" },
        { "00 01 01 01 fe ff ff ff ff ff ff 0f 05", "runs past clock 2^53-1" },
        { "00 01 63 01 05 00", "Delete range (5, 0) of client 99 at offset 4 has length 0" },
        { "01 01 01 00 03 01 01 74 ff ff ff ff 0f 00", "Truncated input: binary content of 4294967295 bytes" },
        { "01 01 80 80 80 80 80 80 80 10 00 00 01 00", "client at offset 2 exceeds 2^53-1" },
        { "01 01 81 00 00 00 01 00", "client at offset 2 is not minimally encoded" },
        { "01 01 01 00 04 01 01 74 01 61", "Truncated input: delete set client count" },
        { "01 01 01 00 84 01", "Truncated input: origin clock" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void EveryEntryPoint_MalformedUpdate_ThrowsNamingTheProblem(string hex, string message)
    {
        var bytes = Hex.Bytes(hex);
        var valid = Hex.Bytes("01 01 01 00 04 01 01 74 01 61 00");
        AssertRejected(() => UpdateDecoder.Decode(bytes), message);
        AssertRejected(() => YjsUpdates.Merge([valid, bytes]), message);
        AssertRejected(() => YjsUpdates.Merge([bytes]), message);
        AssertRejected(() => YjsUpdates.Diff(bytes, Hex.Bytes("00")), message);
        AssertRejected(() => YjsUpdates.EncodeStateVectorFromUpdate(bytes), message);
    }

    [Fact]
    public void Decode_AnyNestedDeeperThanLimit_Throws()
    {
        // Any content with one value: 300 nested one-element arrays around null.
        var nested = Enumerable.Repeat<byte[]>([0x75, 0x01], 300).SelectMany(b => b).Append((byte)0x7e);
        var bytes = Hex.Bytes("01 01 01 00 08 01 01 74 01").Concat(nested).Append((byte)0).ToArray();
        AssertRejected(() => UpdateDecoder.Decode(bytes), "nested deeper than the limit of 256");
        AssertRejected(() => YjsUpdates.Merge([bytes, bytes]), "nested deeper than the limit of 256");
        Assert.Single(UpdateDecoder.Decode(bytes, new YjsReadLimits { MaxNestingDepth = 400 }).Structs);
    }

    [Fact]
    public void Decode_JsonNestedDeeperThanLimit_Throws()
    {
        var json = new string('[', 40) + new string(']', 40);
        var writer = new Switchboard.Yjs.Lib0.Lib0Writer();
        writer.WriteBytes(Hex.Bytes("01 01 01 00 05 01 01 74"));
        writer.WriteVarString(json);
        writer.WriteByte(0);
        var bytes = writer.ToArray();
        AssertRejected(() => UpdateDecoder.Decode(bytes, new YjsReadLimits { MaxNestingDepth = 16 }), "not valid JSON");
        Assert.Single(UpdateDecoder.Decode(bytes).Structs);
    }

    [Fact]
    public void Decode_UpdateOverSizeLimit_Throws()
    {
        var bytes = Hex.Bytes("01 01 01 00 04 01 01 74 01 61 00");
        var limits = new YjsReadLimits { MaxUpdateBytes = 10 };
        AssertRejected(() => UpdateDecoder.Decode(bytes, limits), "over the limit of 10 bytes");
        AssertRejected(() => YjsUpdates.Merge([bytes, bytes], limits), "over the limit of 10 bytes");
    }

    [Fact]
    public void Merge_NonPositiveLimit_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => YjsUpdates.Merge([Hex.Bytes("00 00")], new YjsReadLimits { MaxNestingDepth = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => UpdateDecoder.Decode(Hex.Bytes("00 00"), new YjsReadLimits { MaxUpdateBytes = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => YjsUpdates.Diff(Hex.Bytes("00 00"), Hex.Bytes("00"), new YjsReadLimits { MaxNestingDepth = 100_000 }));
    }

    [Theory]
    [InlineData("01 01 81", "Truncated")]
    [InlineData("05 01 01", "state vector size 5")]
    [InlineData("01 01 01 00", "trailing bytes")]
    public void Diff_MalformedStateVector_Throws(string hex, string message)
    {
        AssertRejected(() => YjsUpdates.Diff(Hex.Bytes("00 00"), Hex.Bytes(hex)), message);
    }

    private static void AssertRejected(Action action, string message)
    {
        var e = Assert.Throws<YjsFormatException>(action);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
