using System.Text;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;

namespace Switchboard.SocketIO.Tests.EngineIO;

public class EnginePacketReaderTests
{
    [Theory]
    [InlineData("0{\"sid\":\"x\"}", 0, "{\"sid\":\"x\"}")]
    [InlineData("1", 1, "")]
    [InlineData("2", 2, "")]
    [InlineData("2probe", 2, "probe")]
    [InlineData("3", 3, "")]
    [InlineData("3probe", 3, "probe")]
    [InlineData("4hello", 4, "hello")]
    [InlineData("4", 4, "")]
    [InlineData("4héllo 🌍", 4, "héllo 🌍")]
    [InlineData("42[\"ev\",{\"a\":1}]", 4, "2[\"ev\",{\"a\":1}]")]
    [InlineData("5", 5, "")]
    [InlineData("6", 6, "")]
    public void ReadText_TextPacket_TypeAndData(string wire, int type, string data)
    {
        var packet = EnginePacketReader.ReadText(Encoding.UTF8.GetBytes(wire));

        Assert.Equal((EnginePacketType)type, packet.Type);
        Assert.False(packet.IsBinary);
        Assert.Equal(data, Encoding.UTF8.GetString(packet.Data.Span));
    }

    [Theory]
    [InlineData("bAQIDBA==", new byte[] { 1, 2, 3, 4 })]
    [InlineData("bAQID", new byte[] { 1, 2, 3 })]
    [InlineData("b", new byte[0])]
    [InlineData("b/wA=", new byte[] { 0xFF, 0x00 })]
    public void ReadText_Base64Binary_MessageWithBytes(string wire, byte[] bytes)
    {
        var packet = EnginePacketReader.ReadText(Encoding.ASCII.GetBytes(wire));

        Assert.Equal(EnginePacketType.Message, packet.Type);
        Assert.True(packet.IsBinary);
        Assert.Equal(bytes, packet.Data.ToArray());
    }

    [Theory]
    [InlineData("")]
    [InlineData("7")]
    [InlineData("9hello")]
    [InlineData("abc")]
    [InlineData("x")]
    [InlineData("bAQIDBA=")]
    [InlineData("bAQIDB")]
    [InlineData("bAQI")]
    [InlineData("b!!!!")]
    [InlineData("bAQIDBA==AA")]
    public void ReadText_Malformed_ThrowsInvalidData(string wire)
    {
        Assert.Throws<InvalidDataException>(() => EnginePacketReader.ReadText(Encoding.ASCII.GetBytes(wire)));
    }
}
