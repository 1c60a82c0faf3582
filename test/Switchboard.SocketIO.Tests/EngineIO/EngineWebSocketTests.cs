using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>WebSocket transport (socketio-wire.md §3.4): direct handshake, framing, limits and closes.</summary>
public class EngineWebSocketTests
{
    [Fact]
    public async Task Handshake_WebSocketOnly_FirstFrameIsOpenWithNoUpgrades()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(transport: "websocket"));

        var open = await socket.ReceiveTextAsync();

        Assert.StartsWith("0{", open, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(open[1..]);
        Assert.Equal(new[] { "sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload" }, json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("[]", json.RootElement.GetProperty("upgrades").GetRawText());
        var connection = await host.Handler.NextOpenAsync();
        Assert.Equal("websocket", connection.Transport);
        Assert.Equal(json.RootElement.GetProperty("sid").GetString(), connection.Id);
    }

    [Theory]
    [InlineData("4hello")]
    [InlineData("4")]
    [InlineData("4é🌍")]
    [InlineData("42[\"message\",1,\"2\",{\"3\":[true]}]")]
    public async Task Send_Text_EchoedAsText(string frame)
    {
        await using var host = await EngineTestHost.StartAsync();
        using var socket = await OpenAsync(host);

        await socket.SendTextAsync(frame);

        Assert.Equal(frame, await socket.ReceiveTextAsync());
    }

    [Theory]
    [InlineData(new byte[] { 1, 2, 3, 4 })]
    [InlineData(new byte[0])]
    public async Task Send_Binary_EchoedAsBinaryWithoutTypeByte(byte[] bytes)
    {
        await using var host = await EngineTestHost.StartAsync();
        using var socket = await OpenAsync(host);

        await socket.SendBinaryAsync(bytes);

        var (type, data) = await socket.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(bytes, data);
    }

    [Fact]
    public async Task Send_Base64TextFrame_DecodedAsBinary()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var socket = await OpenAsync(host);

        await socket.SendTextAsync("bAQID");

        var (type, data) = await socket.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(new byte[] { 1, 2, 3 }, data);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData("9")]
    [InlineData("b!!!")]
    [InlineData("2")]
    public async Task Send_Malformed_SessionClosesAsParseErrorOthersCarryOn(string frame)
    {
        await using var host = await EngineTestHost.StartAsync();
        using var bystander = await OpenAsync(host);
        var bystanderConnection = await host.Handler.NextOpenAsync();
        using var socket = await OpenAsync(host);
        var connection = await host.Handler.NextOpenAsync();

        await socket.SendTextAsync(frame);

        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, await socket.ReceiveCloseAsync());
        var (closed, reason) = await host.Handler.NextCloseAsync();
        Assert.Same(connection, closed);
        Assert.Equal(EngineCloseReason.ParseError, reason);
        Assert.False(bystanderConnection.IsClosed);
        await bystander.SendTextAsync("4alive");
        Assert.Equal("4alive", await bystander.ReceiveTextAsync());
    }

    [Fact]
    public async Task Send_OverMaxPayload_Closed1009()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxPayload = 1000);
        using var socket = await OpenAsync(host);

        await socket.SendTextAsync("4" + new string('x', 1000));

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, await socket.ReceiveCloseAsync());
        Assert.Equal(EngineCloseReason.TransportError, (await host.Handler.NextCloseAsync()).Reason);
    }

    [Fact]
    public async Task Send_ExactlyMaxPayload_Echoed()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxPayload = 1000);
        using var socket = await OpenAsync(host);
        var frame = "4" + new string('x', 999);

        await socket.SendTextAsync(frame);

        Assert.Equal(frame, await socket.ReceiveTextAsync());
    }

    [Fact]
    public async Task Send_ClosePacket_SocketClosedAndHandlerSeesTransportClose()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var socket = await OpenAsync(host);

        await socket.SendTextAsync("1");

        Assert.NotNull(await socket.ReceiveCloseAsync());
        Assert.Equal(EngineCloseReason.TransportClose, (await host.Handler.NextCloseAsync()).Reason);
    }

    [Fact]
    public async Task ClientCloseFrame_HandlerSeesTransportCloseOnce()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var socket = await OpenAsync(host);

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();

        Assert.Equal(EngineCloseReason.TransportClose, (await host.Handler.NextCloseAsync()).Reason);
        Assert.Equal(1, host.Handler.CloseCount);
    }

    [Theory]
    [InlineData("/engine.io/?transport=websocket", 5)]
    [InlineData("/engine.io/?EIO=abc&transport=websocket", 5)]
    [InlineData("/engine.io/?EIO=4", 0)]
    [InlineData("/engine.io/?EIO=4&transport=abc", 0)]
    [InlineData("/engine.io/?EIO=4&transport=websocket&sid=unknown", 1)]
    public async Task Handshake_BadQuery_RefusedWith400BeforeUpgrade(string url, int code)
    {
        await using var host = await EngineTestHost.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var uri = new Uri(host.BaseUri.ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + url);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout());
        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);

        // The same upgrade request by hand, to read the error body.
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Upgrade", "websocket");
        request.Headers.Add("Connection", "Upgrade");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        using var response = await host.Http.SendAsync(request).DefaultTimeout();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"code\":{code},", await response.Content.ReadAsStringAsync().DefaultTimeout(), StringComparison.Ordinal);
        Assert.Equal(0, host.Handler.OpenCount);
    }

    [Fact]
    public async Task Messages_QueuedTogether_ArriveInOrder()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var socket = await OpenAsync(host);
        var connection = await host.Handler.NextOpenAsync();

        Assert.True(connection.TrySend([EngineMessage.Text("51-[\"x\",{\"_placeholder\":true,\"num\":0}]"), EngineMessage.Binary(new byte[] { 9, 8 })]));
        Assert.True(connection.TrySend(EngineMessage.Text("after")));

        Assert.Equal("451-[\"x\",{\"_placeholder\":true,\"num\":0}]", await socket.ReceiveTextAsync());
        var (type, data) = await socket.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(new byte[] { 9, 8 }, data);
        Assert.Equal("4after", await socket.ReceiveTextAsync());
    }

    internal static async Task<ClientWebSocket> OpenAsync(EngineTestHost host)
    {
        var socket = await host.ConnectWebSocketAsync(EngineTestHost.Url(transport: "websocket"));
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
        return socket;
    }
}
