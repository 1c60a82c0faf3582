using Switchboard.Yjs.Lib0;
using Switchboard.Yjs.Protocols;
using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Tests.Protocols;

public class ProtocolTests
{
    // Bytes written by y-protocols 1.0.7 for a doc where client 1 typed "a" into text "t".
    [Theory]
    [InlineData("0003010101", SyncMessageType.SyncStep1, "010101")]
    [InlineData("010b0101010004010174016100", SyncMessageType.SyncStep2, "0101010004010174016100")]
    [InlineData("020b0101010004010174016100", SyncMessageType.Update, "0101010004010174016100")]
    public void SyncMessage_YProtocolsBytes_DecodeAndEncode(string hex, SyncMessageType type, string payload)
    {
        var message = SyncMessage.Decode(Hex.Bytes(hex));
        Assert.Equal(type, message.Type);
        Assert.Equal(payload, Hex.Of(message.Payload.Span));
        Assert.Equal(hex, Hex.Of(message.Encode()));
    }

    [Fact]
    public void SyncStep1_FromUpdate_AnsweredWithDiff()
    {
        var update = Hex.Bytes("0101010004010174016100");
        var step1 = SyncMessage.SyncStep1(YjsUpdates.EncodeStateVectorFromUpdate(update));
        Assert.Equal("0003010101", Hex.Of(step1.Encode()));
        var step2 = SyncMessage.SyncStep2(YjsUpdates.Diff(update, Hex.Bytes("00")));
        Assert.Equal("010b0101010004010174016100", Hex.Of(step2.Encode()));
    }

    [Theory]
    [InlineData("03 00", "Unknown sync message type 3")]
    [InlineData("00 05 01", "Truncated")]
    [InlineData("00 01 00 00", "trailing bytes")]
    [InlineData("", "Truncated")]
    public void SyncMessage_Malformed_Throws(string hex, string message)
    {
        var e = Assert.Throws<YjsFormatException>(() => SyncMessage.Decode(Hex.Bytes(hex)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SyncMessage_EveryTruncation_Throws()
    {
        var bytes = Hex.Bytes("010b0101010004010174016100");
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var prefix = bytes[..cut];
            Assert.Throws<YjsFormatException>(() => SyncMessage.Decode(prefix));
        }
    }

    [Fact]
    public void SyncMessage_AfterOuterMessageType_ReadsFromReader()
    {
        // y-websocket: varUint(0 = sync) then the sync message.
        var reader = new Lib0Reader(Hex.Bytes("00 0003010101"));
        Assert.Equal(0UL, reader.ReadVarUInt());
        Assert.Equal(SyncMessageType.SyncStep1, SyncMessage.Read(ref reader).Type);
        Assert.True(reader.IsAtEnd);
    }

    private const string AwarenessHex = "010101347b2275736572223a7b226e616d65223a22416e6e222c22636f6c6f72223a2223663030227d2c22637572736f72223a6e756c6c7d";

    [Fact]
    public void AwarenessUpdate_YProtocolsBytes_DecodeAndEncode()
    {
        var update = AwarenessUpdate.Decode(Hex.Bytes(AwarenessHex));
        var entry = Assert.Single(update.Entries);
        Assert.Equal(1UL, entry.ClientId);
        Assert.Equal(1UL, entry.Clock);
        Assert.Equal("{\"user\":{\"name\":\"Ann\",\"color\":\"#f00\"},\"cursor\":null}", entry.StateJson);
        Assert.False(entry.IsRemoved);
        Assert.Equal(AwarenessHex, Hex.Of(update.Encode()));
    }

    [Fact]
    public void AwarenessUpdate_NullState_IsRemoved()
    {
        var update = AwarenessUpdate.Decode(Hex.Bytes("010102046e756c6c"));
        Assert.True(Assert.Single(update.Entries).IsRemoved);
        Assert.Equal("010102046e756c6c", Hex.Of(new AwarenessUpdate([new AwarenessEntry(1, 2, "null")]).Encode()));
    }

    [Theory]
    [InlineData("01 01 01 01 7b", "not valid JSON")]
    [InlineData("01 01 01 01 ff", "not valid UTF-8")]
    [InlineData("05 01 01", "awareness entry count 5")]
    [InlineData("01 01 01 04 6e 75 6c 6c 00", "trailing bytes")]
    public void AwarenessUpdate_Malformed_Throws(string hex, string message)
    {
        var e = Assert.Throws<YjsFormatException>(() => AwarenessUpdate.Decode(Hex.Bytes(hex)));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwarenessUpdate_EveryTruncation_Throws()
    {
        var bytes = Hex.Bytes(AwarenessHex);
        for (var cut = 0; cut < bytes.Length; cut++)
        {
            var prefix = bytes[..cut];
            Assert.Throws<YjsFormatException>(() => AwarenessUpdate.Decode(prefix));
        }
    }
}
