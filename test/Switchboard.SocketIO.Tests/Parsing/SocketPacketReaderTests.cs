using System.Text;
using System.Text.Json;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO.Tests.Parsing;

public class SocketPacketReaderTests
{
    [Theory]
    [InlineData("0", SocketPacketType.Connect, 0, "/", -1, "")]
    [InlineData("0/admin,{\"token\":\"123\"}", SocketPacketType.Connect, 0, "/admin", -1, "{\"token\":\"123\"}")]
    [InlineData("0/custom", SocketPacketType.Connect, 0, "/custom", -1, "")]
    [InlineData("0/custom,", SocketPacketType.Connect, 0, "/custom", -1, "")]
    [InlineData("1", SocketPacketType.Disconnect, 0, "/", -1, "")]
    [InlineData("1/admin,", SocketPacketType.Disconnect, 0, "/admin", -1, "")]
    [InlineData("2[\"foo\"]", SocketPacketType.Event, 0, "/", -1, "[\"foo\"]")]
    [InlineData("2/admin,[\"bar\"]", SocketPacketType.Event, 0, "/admin", -1, "[\"bar\"]")]
    [InlineData("212[\"foo\"]", SocketPacketType.Event, 0, "/", 12, "[\"foo\"]")]
    [InlineData("3/admin,13[\"bar\"]", SocketPacketType.Ack, 0, "/admin", 13, "[\"bar\"]")]
    [InlineData("3456[]", SocketPacketType.Ack, 0, "/", 456, "[]")]
    [InlineData("51-[\"baz\",{\"_placeholder\":true,\"num\":0}]", SocketPacketType.BinaryEvent, 1, "/", -1, "[\"baz\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("61-/admin,1[{\"_placeholder\":true,\"num\":0}]", SocketPacketType.BinaryAck, 1, "/admin", 1, "[{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("510-[\"x\"]", SocketPacketType.BinaryEvent, 10, "/", -1, "[\"x\"]")]
    [InlineData("2/custom{\"x\":1}", SocketPacketType.Event, 0, "/custom{\"x\":1}", -1, "")]
    public void ReadHeader_LiteralPacket_ReadsEveryField(string packet, SocketPacketType type, int attachments, string nsp, long ackId, string payload)
    {
        var bytes = Encoding.UTF8.GetBytes(packet);
        var header = SocketPacketReader.ReadHeader(bytes);
        Assert.Equal(type, header.Type);
        Assert.Equal(attachments, header.Attachments);
        Assert.Equal(nsp, header.HasNamespace ? Encoding.UTF8.GetString(bytes, header.NamespaceStart, header.NamespaceLength) : "/");
        Assert.Equal(ackId, header.AckId);
        Assert.Equal(payload, Encoding.UTF8.GetString(bytes.AsSpan(header.PayloadStart)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("a")]
    [InlineData("abc")]
    [InlineData("5[\"x\"]")]
    [InlineData("5-[\"x\"]")]
    [InlineData("50-[\"x\"]")]
    [InlineData("511-[\"x\"]")]
    [InlineData("5a-[\"x\"]")]
    [InlineData("21234567890123456[\"x\"]")]
    public void ReadHeader_MalformedHeader_Throws(string packet)
    {
        Assert.Throws<InvalidDataException>(() => SocketPacketReader.ReadHeader(Encoding.UTF8.GetBytes(packet)));
    }

    [Theory]
    [InlineData("2{}")]
    [InlineData("2abc[\"message-with-ack\",1]")]
    [InlineData("2[]")]
    [InlineData("2")]
    [InlineData("2[true]")]
    [InlineData("2[null,1]")]
    [InlineData("2[\"connect\"]")]
    [InlineData("2[\"connect_error\"]")]
    [InlineData("2[\"disconnect\"]")]
    [InlineData("2[\"disconnecting\"]")]
    [InlineData("2[\"newListener\"]")]
    [InlineData("2[\"removeListener\"]")]
    [InlineData("2[\"a\"]x")]
    [InlineData("2[\"a\"")]
    [InlineData("3{}")]
    [InlineData("3")]
    [InlineData("1{}")]
    [InlineData("0\"str\"")]
    [InlineData("0[1]")]
    [InlineData("0{")]
    [InlineData("4[1]")]
    [InlineData("2\"a\"")]
    [InlineData("2[{}]")]
    [InlineData("2[[\"a\"]]")]
    [InlineData("2/admin,5[\"removeListener\",1]")]
    [InlineData("3/admin,1\"x\"")]
    [InlineData("31{\"a\":1}")]
    [InlineData("1/admin,{}")]
    [InlineData("1\"x\"")]
    [InlineData("0/admin,[]")]
    [InlineData("0/admin,\"token\"")]
    public void ReadPayload_InvalidPayload_Throws(string packet)
    {
        Assert.Throws<InvalidDataException>(() => Read(packet));
    }

    [Theory]
    [InlineData("2[1,\"numeric event names are allowed\"]")]
    [InlineData("2[\"message\",1,\"2\",{\"3\":[true]}]")]
    [InlineData("2 [\"spaces\"] ")]
    [InlineData("3[]")]
    [InlineData("0{}")]
    [InlineData("4{\"message\":\"x\"}")]
    [InlineData("4\"v2 string\"")]
    public void ReadPayload_ValidPayload_Parses(string packet)
    {
        using var document = Read(packet);
        Assert.NotNull(document);
    }

    [Theory]
    [InlineData("2/admin,7[\"message\",1,\"2\",{\"3\":[true]}]")]
    [InlineData("51-/a,9[\"baz\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("0/custom,{\"token\":\"123\"}")]
    public void Read_EveryPrefix_ParsesOrThrowsInvalidData(string packet)
    {
        // Socket.IO packets come whole (one Engine.IO message each), so a cut packet must be either a different
        // valid packet or rejected as invalid, never crash with another exception.
        for (var length = 0; length <= packet.Length; length++)
        {
            try
            {
                using var document = Read(packet[..length]);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    private static JsonDocument? Read(string packet)
    {
        var bytes = Encoding.UTF8.GetBytes(packet);
        var header = SocketPacketReader.ReadHeader(bytes);
        return SocketPacketReader.ReadPayload(header.Type, bytes.AsSpan(header.PayloadStart));
    }
}
