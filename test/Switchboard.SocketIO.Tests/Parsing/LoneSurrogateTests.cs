using System.Text;
using System.Text.Json;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO.Tests.Parsing;

// Issue 8, item 11: a lone UTF-16 surrogate escape (what JSON.stringify writes for one) is read as U+FFFD everywhere,
// so the event is handled and can be sent back out; bytes that are not UTF-8 are a protocol error.
public class LoneSurrogateTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    [Theory]
    [InlineData("[\"m\",\"\\ud800\"]", "\uFFFD")]
    [InlineData("[\"m\",\"\\uDC00\"]", "\uFFFD")]
    [InlineData("[\"m\",\"a\\ud800b\"]", "a\uFFFDb")]
    [InlineData("[\"m\",\"\\ud800\\ud800\"]", "\uFFFD\uFFFD")]
    [InlineData("[\"m\",\"\\udc00\\ud800\"]", "\uFFFD\uFFFD")]
    [InlineData("[\"m\",\"\\ud800\\u0041\"]", "\uFFFDA")]
    [InlineData("[\"m\",\"\\ud800\\ud83d\\ude00\"]", "\uFFFD\U0001F600")]
    [InlineData("[\"m\",\"\\ud83d\\ude00\"]", "\U0001F600")]
    [InlineData("[\"m\",\"\\\\ud800\"]", "\\ud800")]
    [InlineData("[\"m\",\"\\\\\\ud800\"]", "\\\uFFFD")]
    [InlineData("[\"m\",\"x\\\"\\ud800\"]", "x\"\uFFFD")]
    public void ReadPayload_SurrogateEscapes_LoneOnesReadAsReplacementCharacter(string json, string expected)
    {
        using var document = SocketPacketReader.ReadPayload(SocketPacketType.Event, Encoding.UTF8.GetBytes(json))!;

        Assert.Equal(expected, document.RootElement[1].GetString());
    }

    [Fact]
    public void ReadPayload_LoneSurrogateInKeyAndEventName_Readable()
    {
        using var document = SocketPacketReader.ReadPayload(SocketPacketType.Event, "[\"\\udfff\",{\"\\ud800\":1}]"u8)!;

        Assert.Equal("\uFFFD", document.RootElement[0].GetString());
        Assert.Equal(1, document.RootElement[1].GetProperty("\uFFFD").GetInt32());
    }

    [Theory]
    [InlineData(new byte[] { (byte)'[', (byte)'"', 0xED, 0xA0, 0x80, (byte)'"', (byte)']' })]
    [InlineData(new byte[] { (byte)'[', (byte)'"', 0xFF, (byte)'"', (byte)']' })]
    [InlineData(new byte[] { (byte)'[', (byte)'"', 0xC0, 0xAF, (byte)'"', (byte)']' })]
    [InlineData(new byte[] { (byte)'[', (byte)'"', 0xE2, 0x82, (byte)'"', (byte)']' })]
    public void ReadPayload_NotUtf8_Refused(byte[] json)
    {
        Assert.Throws<InvalidDataException>(() => SocketPacketReader.ReadPayload(SocketPacketType.Event, json));
    }

    [Fact]
    public void TryDecodeText_NamespaceNotUtf8_Refused()
    {
        using var decoder = new SocketPacketDecoder();

        Assert.Throws<InvalidDataException>(() => decoder.TryDecodeText([(byte)'0', (byte)'/', 0xFF, (byte)','], out _));
    }

    [Fact]
    public async Task Event_LoneSurrogate_HandledAndEchoed()
    {
        var harness = new SocketIOHarness();
        harness.Server.On<string>("message", text => harness.Server.EmitAsync("echo", text));
        var (connection, _) = await harness.ConnectAsync();

        Assert.True(await harness.Engine.SendTextAsync(connection, "2[\"message\",\"\\ud800\"]").WaitAsync(Timeout));

        var echo = await connection.ReadTextAsync(Timeout);
        using var json = JsonDocument.Parse(echo[1..]);
        Assert.Equal("echo", json.RootElement[0].GetString());
        Assert.Equal("\uFFFD", json.RootElement[1].GetString());
    }

    [Fact]
    public async Task Event_LoneSurrogateArgsSpreadBack_AckCarriesThemNotAnError()
    {
        var harness = new SocketIOHarness();
        harness.Server.On("message", e => e.Ack(e.Args));
        var (connection, _) = await harness.ConnectAsync();

        Assert.True(await harness.Engine.SendTextAsync(connection, "21[\"message\",\"a\\udc00\",{\"k\":\"\\ud800\"}]").WaitAsync(Timeout));

        var ack = await connection.ReadTextAsync(Timeout);
        Assert.StartsWith("31[", ack, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(ack[2..]);
        Assert.Equal("a\uFFFD", json.RootElement[0].GetString());
        Assert.Equal("\uFFFD", json.RootElement[1].GetProperty("k").GetString());
    }

    [Fact]
    public async Task Connect_LoneSurrogateInAuth_ConnectsAndItsEventsAreHandled()
    {
        var harness = new SocketIOHarness();
        harness.Server.OnConnection(socket =>
        {
            var name = socket.Handshake.Auth.GetProperty("name").GetString()!;
            socket.On("hello", e => e.Ack(name));
        });
        var connection = await harness.Engine.OpenAsync().WaitAsync(Timeout);
        await harness.JoinAsync(connection, "/", "{\"name\":\"\\ud800\"}");

        Assert.True(await harness.Engine.SendTextAsync(connection, "27[\"hello\"]").WaitAsync(Timeout));

        var ack = await connection.ReadTextAsync(Timeout);
        Assert.StartsWith("37[", ack, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(ack[2..]);
        Assert.Equal("\uFFFD", json.RootElement[0].GetString());
    }

    [Fact]
    public async Task EmitAsync_ServerStringWithLoneSurrogate_SentAsReplacementCharacter()
    {
        var harness = new SocketIOHarness();
        var (connection, sid) = await harness.ConnectAsync();

        await harness.Server.Sockets.Sockets[sid].EmitAsync("cut", "a\ud83d");

        Assert.Equal("2[\"cut\",\"a\\uFFFD\"]", await connection.ReadTextAsync(Timeout));
    }
}
