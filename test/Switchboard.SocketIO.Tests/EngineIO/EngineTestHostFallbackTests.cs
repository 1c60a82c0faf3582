using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>
/// The in-memory TestHost has no upgrade feature, only <c>IHttpWebSocketFeature</c>: the endpoint still serves
/// polling and falls back to <c>AcceptWebSocketAsync</c> for WebSocket.
/// </summary>
public class EngineTestHostFallbackTests
{
    [Fact]
    public async Task TestServer_PollingAndWebSocket_BothEcho()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddEngineIO();
        await using var app = builder.Build();
        app.UseWebSockets();
        app.MapEngineIO("/engine.io/", _ => new EchoEngineHandler());
        await app.StartAsync().DefaultTimeout();
        var server = app.GetTestServer();
        using var http = server.CreateClient();

        var open = await http.GetStringAsync("/engine.io/?EIO=4&transport=polling").DefaultTimeout();
        var sid = open.Substring(9, 20);
        using var post = await http.PostAsync($"/engine.io/?EIO=4&transport=polling&sid={sid}", new StringContent("4hi")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("4hi", await http.GetStringAsync($"/engine.io/?EIO=4&transport=polling&sid={sid}").DefaultTimeout());

        var client = server.CreateWebSocketClient();
        using var socket = await client.ConnectAsync(new Uri(server.BaseAddress, "/engine.io/?EIO=4&transport=websocket"), CancellationToken.None).DefaultTimeout();
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);
        await socket.SendTextAsync("4over ws");
        Assert.Equal("4over ws", await socket.ReceiveTextAsync());
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).DefaultTimeout();
    }
}
