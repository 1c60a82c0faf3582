using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.Tests.EngineIO;

namespace Switchboard.SocketIO.Tests;

// Issue 8, item 8: the connect middleware's token fires when the Engine.IO session closes under it.
public class ConnectCancellationTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    [Fact]
    public async Task Middleware_SessionClosesWhileItWaits_TokenFires()
    {
        var harness = new SocketIOHarness();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Server.Use(async (_, token) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                cancelled.TrySetResult();
                throw;
            }
        });
        var connection = await harness.Engine.OpenAsync().WaitAsync(Timeout);

        var delivery = harness.Engine.SendTextAsync(connection, "0");
        await started.Task.WaitAsync(Timeout);
        var close = harness.Engine.CloseAsync(connection, EngineCloseReason.TransportClose);

        await cancelled.Task.WaitAsync(Timeout);
        await delivery.WaitAsync(Timeout);
        await close.WaitAsync(Timeout);
        Assert.Empty(harness.Server.Sockets.Sockets);
    }

    [Fact]
    public async Task Middleware_IgnoresItsTokenWithAnEventWaitingBehindIt_CloseStillCompletes()
    {
        var harness = new SocketIOHarness();
        var never = new TaskCompletionSource();
        harness.Server.Use(async (_, _) => await never.Task);
        var connection = await harness.Engine.OpenAsync().WaitAsync(Timeout);
        Assert.True(await harness.Engine.SendTextAsync(connection, "0").WaitAsync(Timeout));
        var waiting = harness.Engine.SendTextAsync(connection, "2[\"early\"]");

        // The event waits for the CONNECT, but not past the connection's close, so the close reaches the handler.
        await harness.Engine.CloseAsync(connection, EngineCloseReason.TransportClose).WaitAsync(Timeout);
        await waiting.WaitAsync(Timeout);
        never.SetResult();
    }

    [Fact]
    public async Task Middleware_WebSocketClientClosesWhileItWaits_TokenFiresAndSessionEnds()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSocketIO();
        await using var app = builder.Build();
        app.MapSocketIO("/socket.io", io => io.Use(async (_, token) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                cancelled.TrySetResult();
                throw;
            }
        }));
        await app.StartAsync().WaitAsync(Timeout);
        var uri = new Uri(new Uri(app.Urls.First().Replace("http", "ws", StringComparison.Ordinal)), "/socket.io/?EIO=4&transport=websocket");
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, CancellationToken.None).WaitAsync(Timeout);
        Assert.StartsWith("0{", await socket.ReceiveTextAsync(), StringComparison.Ordinal);

        await socket.SendTextAsync("40");
        await started.Task.WaitAsync(Timeout);
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).WaitAsync(Timeout);

        // Over WebSocket the close frame is read while the middleware still runs, and the token fires.
        await cancelled.Task.WaitAsync(Timeout);
        await app.StopAsync().WaitAsync(Timeout);
    }
}
