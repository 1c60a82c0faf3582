using System.Buffers;
using System.Text;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;

namespace Switchboard.SocketIO.Tests.EngineIO;

public class EnginePacketWriterTests
{
    public static TheoryData<string, string> Payloads => new()
    {
        // (packets as "type:data" or "bin:hex" joined by '|', expected payload with \x1e written as \u001e)
        { "4:hello", "4hello" },
        { "4:test1|4:test2|4:test3", "4test1\u001e4test2\u001e4test3" },
        { "4:hello|bin:01020304", "4hello\u001ebAQIDBA==" },
        { "2:", "2" },
        { "6:", "6" },
        { "1:", "1" },
        { "bin:", "b" },
        { "3:probe|4:é", "3probe\u001e4é" },
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void WritePayloadRecord_Packets_ExactPayload(string packets, string expected)
    {
        var output = new ArrayBufferWriter<byte>();
        var list = ParsePackets(packets);
        for (var i = 0; i < list.Count; i++)
        {
            EnginePacketWriter.WritePayloadRecord(list[i], output, isFirst: i == 0);
        }

        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Theory]
    [MemberData(nameof(Payloads))]
    public void WritePayloadRecord_ThenParse_RoundTrips(string packets, string payload)
    {
        var expected = ParsePackets(packets);
        var input = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(payload));
        var actual = new List<EnginePacket>();
        while (PollingPayloadReader.TryParsePacket(ref input, isFinalBlock: true, out var packet))
        {
            actual.Add(packet);
        }

        Assert.Equal(expected.Select(Describe), actual.Select(Describe));
    }

    [Theory]
    [InlineData("4hello", false, "4hello")]
    [InlineData("2", false, "2")]
    [InlineData("3probe", false, "3probe")]
    public void WriteWebSocketFrame_Text_TypeDigitThenData(string wire, bool binary, string expected)
    {
        var packet = EnginePacketReader.ReadText(Encoding.UTF8.GetBytes(wire));
        var output = new ArrayBufferWriter<byte>();

        EnginePacketWriter.WriteWebSocketFrame(packet, output);

        Assert.Equal(binary, packet.IsBinary);
        Assert.Equal(expected, Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WriteWebSocketFrame_Binary_RawBytesWithoutTypeByte()
    {
        var output = new ArrayBufferWriter<byte>();

        EnginePacketWriter.WriteWebSocketFrame(EnginePacket.FromMessage(EngineMessage.Binary(new byte[] { 1, 2, 3 })), output);

        Assert.Equal(new byte[] { 1, 2, 3 }, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void WriteServerFrame_ShortText_HeaderThenTypeDigitThenData()
    {
        var output = new ArrayBufferWriter<byte>();

        EnginePacketWriter.WriteServerFrame(EnginePacketReader.ReadText("4hi"u8.ToArray()), output);

        Assert.Equal(new byte[] { 0x81, 0x03, (byte)'4', (byte)'h', (byte)'i' }, output.WrittenSpan.ToArray());
    }

    // Each length form of RFC 6455 §5.2 at its edges, read back by .NET's own client-side WebSocket.
    [Theory]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(124, false)]
    [InlineData(125, false)]
    [InlineData(125, true)]
    [InlineData(126, true)]
    [InlineData(65534, false)]
    [InlineData(65535, true)]
    [InlineData(65536, true)]
    [InlineData(70000, false)]
    public async Task WriteServerFrame_Length_ReadBackByWebSocketClient(int payloadLength, bool binary)
    {
        var data = new byte[binary ? payloadLength : payloadLength - 1];
        Array.Fill(data, (byte)'x');
        var packet = EnginePacket.FromMessage(binary ? EngineMessage.Binary(data) : EngineMessage.Utf8(data));
        var output = new ArrayBufferWriter<byte>();

        EnginePacketWriter.WriteServerFrame(packet, output);

        using var client = System.Net.WebSockets.WebSocket.CreateFromStream(
            new MemoryStream(output.WrittenSpan.ToArray()), new System.Net.WebSockets.WebSocketCreationOptions { IsServer = false });
        var received = new byte[data.Length + 16];
        var result = await client.ReceiveAsync(received.AsMemory(), CancellationToken.None).AsTask().DefaultTimeout();
        var total = result.Count;
        while (!result.EndOfMessage)
        {
            result = await client.ReceiveAsync(received.AsMemory(total), CancellationToken.None).AsTask().DefaultTimeout();
            total += result.Count;
        }

        Assert.Equal(binary ? System.Net.WebSockets.WebSocketMessageType.Binary : System.Net.WebSockets.WebSocketMessageType.Text, result.MessageType);
        var expected = binary ? data : [(byte)'4', .. data];
        Assert.Equal(expected, received.AsSpan(0, total).ToArray());
    }

    [Fact]
    public void HandshakeWriter_Polling_ExactlyFiveKeysInOrder()
    {
        var output = new ArrayBufferWriter<byte>();

        HandshakeWriter.Write(output, "lv_VI97HAXpY6yYWAAAC", offerWebSocketUpgrade: true, 25000, 20000, 1000000);

        Assert.Equal(
            "{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[\"websocket\"],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000}",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void HandshakeWriter_WebSocket_NoUpgrades()
    {
        var output = new ArrayBufferWriter<byte>();

        HandshakeWriter.Write(output, "abc", offerWebSocketUpgrade: false, 300, 200, 1000000);

        Assert.Equal(
            "{\"sid\":\"abc\",\"upgrades\":[],\"pingInterval\":300,\"pingTimeout\":200,\"maxPayload\":1000000}",
            Encoding.UTF8.GetString(output.WrittenSpan));
    }

    internal static List<EnginePacket> ParsePackets(string packets) =>
        packets.Split('|').Select(p =>
        {
            var colon = p.IndexOf(':', StringComparison.Ordinal);
            var kind = p[..colon];
            var data = p[(colon + 1)..];
            return kind == "bin"
                ? new EnginePacket(EnginePacketType.Message, Convert.FromHexString(data), IsBinary: true)
                : new EnginePacket((EnginePacketType)int.Parse(kind, System.Globalization.CultureInfo.InvariantCulture), Encoding.UTF8.GetBytes(data));
        }).ToList();

    internal static string Describe(EnginePacket packet) =>
        $"{packet.Type}/{packet.IsBinary}/{Convert.ToHexString(packet.Data.Span)}";
}
