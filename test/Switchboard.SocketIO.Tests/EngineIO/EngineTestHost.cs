using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>A real Kestrel on 127.0.0.1 (port 0) serving one Engine.IO endpoint at <c>/engine.io/</c>.</summary>
internal sealed class EngineTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EngineTestHost(WebApplication app, Uri baseUri, RecordingHandler handler)
    {
        _app = app;
        BaseUri = baseUri;
        Handler = handler;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TaskTimeoutExtensions.Default };
    }

    public Uri BaseUri { get; }

    public RecordingHandler Handler { get; }

    public HttpClient Http { get; }

    public static async Task<EngineTestHost> StartAsync(
        Action<EngineIOOptions>? configure = null,
        TimeProvider? time = null,
        RecordingHandler? handler = null,
        Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configureBuilder?.Invoke(builder);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddEngineIO(configure);
        var app = builder.Build();
        handler ??= new RecordingHandler();
        app.MapEngineIO("/engine.io", _ => handler);
        await app.StartAsync().DefaultTimeout();
        return new EngineTestHost(app, new Uri(app.Urls.First()), handler);
    }

    public static string Url(string? sid = null, string transport = "polling") =>
        sid is null ? $"/engine.io/?EIO=4&transport={transport}" : $"/engine.io/?EIO=4&transport={transport}&sid={sid}";

    /// <summary>Opens a polling session and returns its sid.</summary>
    public async Task<string> HandshakeAsync()
    {
        var body = await Http.GetStringAsync(Url()).DefaultTimeout();
        Assert.StartsWith("0", body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body[1..]);
        return json.RootElement.GetProperty("sid").GetString()!;
    }

    public async Task<(HttpStatusCode Status, string Body)> GetAsync(string url)
    {
        using var response = await Http.GetAsync(url).DefaultTimeout();
        return (response.StatusCode, await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string url, string body, string contentType = "text/plain")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await Http.PostAsync(url, content).DefaultTimeout();
        return (response.StatusCode, await response.Content.ReadAsStringAsync().DefaultTimeout());
    }

    public async Task<ClientWebSocket> ConnectWebSocketAsync(string url)
    {
        var socket = new ClientWebSocket();
        var wsUri = new Uri(new Uri(BaseUri.ToString().Replace("http://", "ws://", StringComparison.Ordinal)), url);
        await socket.ConnectAsync(wsUri, CancellationToken.None).DefaultTimeout();
        return socket;
    }

    public Task StopAsync() => _app.StopAsync().DefaultTimeout();

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.DisposeAsync();
    }
}
