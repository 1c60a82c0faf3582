using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>WebSockets over HTTP/2 (RFC 8441 extended CONNECT), which browsers use when the server offers it.</summary>
public class EngineHttp2Tests
{
    [Fact]
    public async Task WebSocket_OverHttp2ExtendedConnect_HandshakeAndEcho()
    {
        await using var host = await EngineTestHost.StartAsync(configureBuilder: b =>
            b.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http2)));
        using var handler = new SocketsHttpHandler();
        using var invoker = new HttpMessageInvoker(handler);
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        var uri = new Uri(host.BaseUri.ToString().Replace("http://", "ws://", StringComparison.Ordinal).TrimEnd('/') + EngineTestHost.Url(transport: "websocket"));

        await socket.ConnectAsync(uri, invoker, CancellationToken.None).DefaultTimeout();

        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
        await socket.SendTextAsync("4over h2");
        Assert.Equal("4over h2", await socket.ReceiveTextAsync());
    }
}
