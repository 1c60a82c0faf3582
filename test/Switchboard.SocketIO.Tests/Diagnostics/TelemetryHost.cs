using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.Tests.EngineIO;

namespace Switchboard.SocketIO.Tests.Diagnostics;

/// <summary>
/// A real Kestrel serving Socket.IO at <c>/socket.io/</c> with a few scripted handlers, and an HTTP endpoint
/// <c>/notify</c> that emits to everyone, for the telemetry tests. Speaks raw Engine.IO polling and WebSocket.
/// </summary>
internal sealed class TelemetryHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TelemetryHost(WebApplication app)
    {
        _app = app;
        BaseUri = new Uri(app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TaskTimeoutExtensions.Default };
        Metrics = new MetricRecorder(app.Services.GetRequiredService<IMeterFactory>());
        Server = app.Services.GetRequiredService<SocketIOServer>();
    }

    public SocketIOServer Server { get; }

    public Uri BaseUri { get; }

    public HttpClient Http { get; }

    public MetricRecorder Metrics { get; }

    public static async Task<TelemetryHost> StartAsync(Action<EngineIOOptions>? engine = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddEngineIO(o =>
        {
            // No heartbeat during a test: every packet counted is one the test sent or expects.
            o.PingInterval = TimeSpan.FromMinutes(5);
            o.PingTimeout = TimeSpan.FromMinutes(5);
            engine?.Invoke(o);
        });
        builder.Services.AddSocketIO();
        var app = builder.Build();
        app.MapSocketIO("/socket.io", io => io.OnConnection(socket =>
        {
            socket.On("hello", e => e.Socket.EmitAsync("hi", e.Args));
            socket.On("sum", e => e.Ack(e.Args.Get<int>(0) + e.Args.Get<int>(1)));
            socket.On("boom", _ => throw new InvalidOperationException("handler failure on purpose"));
            socket.On("ask", async e =>
            {
                try
                {
                    await e.Socket.EmitWithAckAsync("question", [], TimeSpan.FromMilliseconds(50));
                }
                catch (TimeoutException)
                {
                    await e.Socket.EmitAsync("timed-out");
                }
            });
        }));
        app.MapGet("/notify", async (SocketIOServer io) =>
        {
            await io.EmitAsync("news", 1);
            return Activity.Current?.TraceId.ToString() ?? "";
        });
        await app.StartAsync().DefaultTimeout();
        return new TelemetryHost(app);
    }

    /// <summary>Opens a polling session and joins the main namespace; returns the session id and the packets received.</summary>
    public async Task<PollingSession> OpenPollingAsync()
    {
        var open = await Http.GetStringAsync("/socket.io/?EIO=4&transport=polling").DefaultTimeout();
        using var json = JsonDocument.Parse(open[1..]);
        var session = new PollingSession(Http, json.RootElement.GetProperty("sid").GetString()!);
        session.Received.Add(open);
        return session;
    }

    public async Task<ClientWebSocket> OpenWebSocketAsync()
    {
        var socket = new ClientWebSocket();
        var uri = new Uri(BaseUri.ToString().Replace("http://", "ws://", StringComparison.Ordinal) + "socket.io/?EIO=4&transport=websocket");
        await socket.ConnectAsync(uri, CancellationToken.None).DefaultTimeout();
        return socket;
    }

    public static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[4096];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None).DefaultTimeout();
        Assert.True(result.EndOfMessage);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    public static Task SendTextAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).DefaultTimeout();

    public async ValueTask DisposeAsync()
    {
        Metrics.Dispose();
        Http.Dispose();
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }

    /// <summary>One polling session: posts packets, polls packets, and keeps every packet received.</summary>
    internal sealed class PollingSession(HttpClient http, string sid)
    {
        public string Sid { get; } = sid;

        public List<string> Received { get; } = [];

        private string Url => $"/socket.io/?EIO=4&transport=polling&sid={Sid}";

        public async Task PostAsync(params string[] packets)
        {
            using var content = new StringContent(string.Join('\u001e', packets), Encoding.UTF8, "text/plain");
            using var response = await http.PostAsync(Url, content).DefaultTimeout();
            response.EnsureSuccessStatusCode();
        }

        public async Task<string[]> PollAsync()
        {
            var body = await http.GetStringAsync(Url).DefaultTimeout();
            var packets = body.Split('\u001e');
            Received.AddRange(packets);
            return packets;
        }

        /// <summary>Polls until a packet starting with <paramref name="prefix"/> arrived; returns it.</summary>
        public async Task<string> PollUntilAsync(string prefix)
        {
            while (true)
            {
                var packets = await PollAsync();
                var found = packets.FirstOrDefault(p => p.StartsWith(prefix, StringComparison.Ordinal));
                if (found is not null)
                {
                    return found;
                }
            }
        }
    }
}
