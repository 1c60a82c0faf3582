using System.Text;
using System.Text.Json;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO.Tests.Parsing;

public class SocketPayloadWriterTests
{
    private static readonly JsonSerializerOptions Options = new SocketIOOptions().SerializerOptions;

    [Fact]
    public void Event_PlainArgs_WritesLiteralPacket()
    {
        var packet = SocketPayloadWriter.Event("/", "message-back", [1, "2", new Dictionary<string, object?> { ["3"] = new object?[] { true } }], -1, Options);
        Assert.Equal("2[\"message-back\",1,\"2\",{\"3\":[true]}]", packet.ToString());
        Assert.Equal(SocketPacketType.Event, packet.Type);
    }

    [Fact]
    public void Event_NamespaceAndAckId_WritesHeader()
    {
        var packet = SocketPayloadWriter.Event("/admin", "bar", [], 13, Options);
        Assert.Equal("2/admin,13[\"bar\"]", packet.ToString());
    }

    [Fact]
    public void Event_TypedObject_UsesSerializerOptions()
    {
        var packet = SocketPayloadWriter.Event("/", "news", [new { ChatId = "c1", Done = true }], -1, Options);
        Assert.Equal("2[\"news\",{\"chatId\":\"c1\",\"done\":true}]", packet.ToString());
    }

    [Fact]
    public void Event_NonAscii_IsNotEscaped()
    {
        var packet = SocketPayloadWriter.Event("/", "héllo", ["日本€"], -1, Options);
        Assert.Equal("2[\"héllo\",\"日本€\"]", packet.ToString());
    }

    [Fact]
    public void Event_ByteArgs_BecomeBinaryEventWithPlaceholders()
    {
        var packet = SocketPayloadWriter.Event("/admin", "baz", [new byte[] { 1, 2 }, new object?[] { new ReadOnlyMemory<byte>([3]) }], -1, Options);
        Assert.Equal("52-/admin,[\"baz\",{\"_placeholder\":true,\"num\":0},[{\"_placeholder\":true,\"num\":1}]]", packet.ToString());
        Assert.Equal(SocketPacketType.BinaryEvent, packet.Type);
        Assert.Equal([1, 2], packet.Attachments[0].ToArray());
        Assert.Equal([3], packet.Attachments[1].ToArray());
    }

    [Fact]
    public void Ack_Empty_WritesEmptyArray()
    {
        Assert.Equal("3456[]", SocketPayloadWriter.Ack("/", 456, [], Options).ToString());
    }

    [Fact]
    public void Ack_ByteArg_BecomesBinaryAck()
    {
        var packet = SocketPayloadWriter.Ack("/", 789, [new byte[] { 9 }], Options);
        Assert.Equal("61-789[{\"_placeholder\":true,\"num\":0}]", packet.ToString());
    }

    [Fact]
    public void Ack_SpreadArgsWithAttachments_RenumbersPlaceholders()
    {
        var decoder = new SocketPacketDecoder();
        decoder.TryDecodeText(Encoding.UTF8.GetBytes("52-[\"m\",{\"_placeholder\":true,\"num\":1},{\"x\":{\"_placeholder\":true,\"num\":0}}]"), out _);
        decoder.TryDecodeBinary([1], out _);
        decoder.TryDecodeBinary([2], out var incoming);
        var args = SocketArgs.FromPacket(incoming!.Data!, 1, incoming.Attachments, Options);

        var packet = SocketPayloadWriter.Ack("/", 1, [args], Options);

        Assert.Equal("62-1[{\"_placeholder\":true,\"num\":0},{\"x\":{\"_placeholder\":true,\"num\":1}}]", packet.ToString());
        Assert.Equal([2], packet.Attachments[0].ToArray());
        Assert.Equal([1], packet.Attachments[1].ToArray());
    }

    [Fact]
    public void ConnectReply_WithAndWithoutPid_WritesSidFirst()
    {
        Assert.Equal("0{\"sid\":\"abc\"}", SocketPayloadWriter.ConnectReply("/", "abc", null).ToString());
        Assert.Equal("0/custom,{\"sid\":\"abc\",\"pid\":\"p\"}", SocketPayloadWriter.ConnectReply("/custom", "abc", "p").ToString());
    }

    [Fact]
    public void ConnectError_DataLeftOutWhenNull()
    {
        Assert.Equal("4/random,{\"message\":\"Invalid namespace\"}", SocketPayloadWriter.ConnectError("/random", "Invalid namespace", null, Options).ToString());
        Assert.Equal("4{\"message\":\"no\",\"data\":{\"code\":401}}", SocketPayloadWriter.ConnectError("/", "no", new { Code = 401 }, Options).ToString());
    }

    [Fact]
    public void WithTrailingArgument_AppendsOffset()
    {
        var packet = SocketPayloadWriter.Event("/", "news", [1], -1, Options).WithTrailingArgument("off1");
        Assert.Equal("2[\"news\",1,\"off1\"]", packet.ToString());
    }

    [Fact]
    public void Create_FromJsonAndAttachments_PicksBinaryType()
    {
        var packet = SocketPacket.Create(SocketPacketType.Event, "/", -1, "[\"a\",{\"_placeholder\":true,\"num\":0}]"u8, [new byte[] { 7 }]);
        Assert.Equal("51-[\"a\",{\"_placeholder\":true,\"num\":0}]", packet.ToString());
        Assert.Equal("[\"a\",{\"_placeholder\":true,\"num\":0}]", Encoding.UTF8.GetString(packet.Json.Span));
    }

    [Fact]
    public void Create_LongNamespace_DoesNotOverflowStack()
    {
        var nsp = "/" + new string('x', 100_000);
        var packet = SocketPayloadWriter.ConnectError(nsp, "Invalid namespace", null, Options);
        Assert.StartsWith("4/xxx", packet.ToString(), StringComparison.Ordinal);
    }
}
