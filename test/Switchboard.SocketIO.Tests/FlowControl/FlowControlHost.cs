using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.Tests.Diagnostics;
using Switchboard.SocketIO.Tests.EngineIO;

namespace Switchboard.SocketIO.Tests.FlowControl;

/// <summary>
/// A real Kestrel on loopback serving Socket.IO at <c>/socket.io/</c> on a fake clock (so the slow-consumer timeout
/// passes when a test says so, never on its own). Each client connects with <c>{"name": ...}</c> and joins
/// <c>room</c>; the test itself is the producer.
/// </summary>
internal sealed class FlowControlHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Socket> _sockets = new(StringComparer.Ordinal);

    private FlowControlHost(WebApplication app, FakeTimeProvider time, LogCollector logs)
    {
        _app = app;
        Time = time;
        Logs = logs;
        Server = app.Services.GetRequiredService<SocketIOServer>();
        Metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
    }

    public SocketIOServer Server { get; }

    public FakeTimeProvider Time { get; }

    public LogCollector Logs { get; }

    public MetricRecorder Metrics { get; }

    public Uri BaseUri => new(_app.Urls.First());

    public static async Task<FlowControlHost> StartAsync(Action<EngineIOOptions> engine)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var logs = new LogCollector();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddEngineIO(o =>
        {
            // Only the slow-consumer timer may fire when the test advances the clock: no heartbeat, no write deadline.
            o.PingInterval = TimeSpan.FromHours(1);
            o.PingTimeout = TimeSpan.FromHours(1);
            o.WriteTimeout = TimeSpan.FromHours(1);
            engine(o);
        });
        builder.Services.AddSocketIO();
        var app = builder.Build();
        FlowControlHost? host = null;
        app.MapSocketIO("/socket.io", io => io.OnConnection(socket =>
        {
            socket.Join("room");
            host!._sockets[socket.Handshake.Auth.GetProperty("name").GetString()!] = socket;
        }));
        host = new FlowControlHost(app, time, logs);
        await app.StartAsync().DefaultTimeout();
        return host;
    }

    /// <summary>The socket of the client that connected as <paramref name="name"/>, once it has.</summary>
    public async Task<Socket> SocketAsync(string name)
    {
        await Eventually.TrueAsync(() => _sockets.ContainsKey(name));
        return _sockets[name];
    }

    /// <summary>A client on a bare TCP socket with a tiny receive buffer that never reads after connecting.</summary>
    public async Task<RawWebSocketClient> ConnectSilentAsync(string name)
    {
        var client = await RawWebSocketClient.ConnectAsync(BaseUri, "/socket.io/?EIO=4&transport=websocket", receiveBuffer: 4096);
        await client.SendTextAsync($$"""40{"name":"{{name}}"}""");
        return client;
    }

    /// <summary>A client that reads everything, connected to the main namespace as <paramref name="name"/>.</summary>
    public async Task<ClientWebSocket> ConnectReaderAsync(string name)
    {
        var socket = new ClientWebSocket();
        var uri = new Uri(BaseUri.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "socket.io/?EIO=4&transport=websocket");
        await socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        Assert.StartsWith("0{", await ReceiveTextAsync(socket, new byte[4096]), StringComparison.Ordinal);
        await socket.SendAsync(Encoding.UTF8.GetBytes($$"""40{"name":"{{name}}"}"""), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).DefaultTimeout();
        Assert.StartsWith("40{", await ReceiveTextAsync(socket, new byte[4096]), StringComparison.Ordinal);
        return socket;
    }

    /// <summary>One whole text message (null when the server closed the WebSocket).</summary>
    public static async Task<string?> ReceiveTextAsync(ClientWebSocket socket, byte[] buffer)
    {
        var length = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).AsTask().DefaultTimeout();
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, length);
            }

            Assert.True(length < buffer.Length, "A message larger than the test's buffer.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Metrics.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }
}
