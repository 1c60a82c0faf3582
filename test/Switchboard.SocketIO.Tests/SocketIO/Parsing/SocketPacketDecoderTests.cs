using System.Text;
using Switchboard.SocketIO.SocketIO.Packets;
using Switchboard.SocketIO.SocketIO.Parsing;

namespace Switchboard.SocketIO.Tests.SocketIO.Parsing;

public class SocketPacketDecoderTests
{
    [Fact]
    public void TryDecode_BinaryEventAndAttachmentsOneMessageAtATime_CompletesOnLastAttachment()
    {
        using var decoder = new SocketPacketDecoder();
        Assert.False(decoder.TryDecodeText(Utf8("52-/admin,7[\"message\",{\"_placeholder\":true,\"num\":0},{\"a\":[{\"_placeholder\":true,\"num\":1}]}]"), out _));
        Assert.True(decoder.IsAwaitingAttachments);
        Assert.False(decoder.TryDecodeBinary([1, 2, 3], out _));
        Assert.True(decoder.TryDecodeBinary([4, 5, 6], out var packet));
        Assert.False(decoder.IsAwaitingAttachments);
        Assert.Equal(SocketPacketType.BinaryEvent, packet.Type);
        Assert.Equal("/admin", packet.Namespace);
        Assert.Equal(7, packet.AckId);
        Assert.Equal([1, 2, 3], packet.Attachments[0].ToArray());
        Assert.Equal([4, 5, 6], packet.Attachments[1].ToArray());
        packet.Dispose();
    }

    [Fact]
    public void TryDecode_TextPacket_CompletesAtOnce()
    {
        using var decoder = new SocketPacketDecoder();
        Assert.True(decoder.TryDecodeText(Utf8("2[\"a\",1]"), out var packet));
        Assert.Equal("/", packet.Namespace);
        Assert.Empty(packet.Attachments);
        packet.Dispose();
    }

    [Fact]
    public void TryDecode_AttachmentBytesCopied_SurvivesBufferReuse()
    {
        using var decoder = new SocketPacketDecoder();
        decoder.TryDecodeText(Utf8("51-[\"a\",{\"_placeholder\":true,\"num\":0}]"), out _);
        var buffer = new byte[] { 9, 9 };
        Assert.True(decoder.TryDecodeBinary(buffer, out var packet));
        buffer[0] = 0;
        Assert.Equal([9, 9], packet.Attachments[0].ToArray());
        packet.Dispose();
    }

    [Fact]
    public void TryDecode_TextWhileAttachmentsExpected_Throws()
    {
        using var decoder = new SocketPacketDecoder();
        decoder.TryDecodeText(Utf8("51-[\"a\",{\"_placeholder\":true,\"num\":0}]"), out _);
        Assert.Throws<InvalidDataException>(() => decoder.TryDecodeText(Utf8("2[\"a\"]"), out _));
    }

    [Fact]
    public void TryDecode_UnexpectedBinary_Throws()
    {
        using var decoder = new SocketPacketDecoder();
        Assert.Throws<InvalidDataException>(() => decoder.TryDecodeBinary([1], out _));
    }

    [Theory]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":1}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":-1}]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]")]
    [InlineData("51-[\"a\",{\"b\":{\"_placeholder\":true}}]")]
    [InlineData("61-[{\"_placeholder\":true,\"num\":1.5}]")]
    public void TryDecode_PlaceholderOutOfRange_Throws(string packet)
    {
        using var decoder = new SocketPacketDecoder();
        Assert.Throws<InvalidDataException>(() => decoder.TryDecodeText(Utf8(packet), out _));
    }

    [Fact]
    public void TryDecode_MoreAttachmentsThanConfigured_Throws()
    {
        using var decoder = new SocketPacketDecoder(maxAttachments: 2);
        Assert.Throws<InvalidDataException>(() => decoder.TryDecodeText(Utf8("53-[\"a\"]"), out _));
    }

    [Fact]
    public void TryDecode_SameNamespaceTwice_ReusesString()
    {
        using var decoder = new SocketPacketDecoder();
        decoder.TryDecodeText(Utf8("2/chat,[\"a\"]"), out var first);
        decoder.TryDecodeText(Utf8("2/chat,[\"b\"]"), out var second);
        Assert.Same(first!.Namespace, second!.Namespace);
        first.Dispose();
        second.Dispose();
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
