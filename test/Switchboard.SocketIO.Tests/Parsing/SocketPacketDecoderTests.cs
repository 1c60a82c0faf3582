using System.Text;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO.Tests.Parsing;

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

    // A binary packet is one text message and one Engine.IO message per attachment; the message boundaries are the
    // only places it can be split, so each row is fed exactly that way, checking the decoder waits until the last one.
    [Theory]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":0}]", SocketPacketType.BinaryEvent, "/", -1, 1)]
    [InlineData("52-/admin,7[\"a\",{\"_placeholder\":true,\"num\":1},{\"_placeholder\":true,\"num\":0}]", SocketPacketType.BinaryEvent, "/admin", 7, 2)]
    [InlineData("53-[\"a\",[{\"_placeholder\":true,\"num\":2}],{\"x\":{\"_placeholder\":true,\"num\":0}},{\"_placeholder\":true,\"num\":1}]", SocketPacketType.BinaryEvent, "/", -1, 3)]
    [InlineData("61-3[{\"_placeholder\":true,\"num\":0}]", SocketPacketType.BinaryAck, "/", 3, 1)]
    [InlineData("62-/chat,15[{\"_placeholder\":true,\"num\":0},\"t\",{\"_placeholder\":true,\"num\":1}]", SocketPacketType.BinaryAck, "/chat", 15, 2)]
    public void TryDecode_TextThenEachAttachmentMessage_CompletesOnLastOnly(string text, SocketPacketType type, string nsp, long ackId, int attachments)
    {
        using var decoder = new SocketPacketDecoder();

        Assert.False(decoder.TryDecodeText(Utf8(text), out _));
        IncomingPacket? packet = null;
        for (var i = 0; i < attachments; i++)
        {
            Assert.True(decoder.IsAwaitingAttachments);

            // Attachment i holds i bytes of value i, so an empty attachment is among the rows.
            var done = decoder.TryDecodeBinary(Enumerable.Repeat((byte)i, i).ToArray(), out packet);
            Assert.Equal(i == attachments - 1, done);
        }

        Assert.False(decoder.IsAwaitingAttachments);
        Assert.NotNull(packet);
        Assert.Equal(type, packet.Type);
        Assert.Equal(nsp, packet.Namespace);
        Assert.Equal(ackId, packet.AckId);
        Assert.Equal(attachments, packet.Attachments.Length);
        for (var i = 0; i < attachments; i++)
        {
            Assert.Equal(Enumerable.Repeat((byte)i, i).ToArray(), packet.Attachments[i].ToArray());
        }

        packet.Dispose();

        // The decoder is back to expecting a text packet.
        Assert.True(decoder.TryDecodeText(Utf8("2[\"next\"]"), out var next));
        next.Dispose();
        Assert.Throws<InvalidDataException>(() => decoder.TryDecodeBinary([1], out _));
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
