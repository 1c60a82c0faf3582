using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Switchboard.Server.Access;
using Switchboard.Server.Api;
using Switchboard.Server.Auth;
using Switchboard.Server.Channels;
using Switchboard.Server.Chat;
using Switchboard.Server.Completions;
using Switchboard.Server.Configuration;
using Switchboard.Server.Health;
using Switchboard.Server.Realtime;
using Switchboard.Server.Scaling;
using Switchboard.Server.Sessions;
using Switchboard.Server.Storage;
using Switchboard.Server.Telemetry;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.Server;

/// <summary>
/// Composes the Open WebUI server: configuration, storage, auth, the Socket.IO endpoint at <c>/ws/socket.io</c>
/// with the contract's handlers, and the HTTP endpoints. <c>Program.cs</c> and the tests build it the same way.
/// </summary>
public static class SwitchboardApp
{
    /// <summary>The Socket.IO path the Open WebUI frontend connects to.</summary>
    public const string SocketPath = "/ws/socket.io";

    /// <summary>Registers every service of the server.</summary>
    public static IServiceCollection AddSwitchboardServer(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<IConfigureOptions<SwitchboardOptions>, OpenWebUIEnvironment>();
        services.AddOptions<SwitchboardOptions>().ValidateOnStart();
        services.AddSingleton<IValidateOptions<SwitchboardOptions>, SwitchboardOptionsValidator>();
        services.AddSingleton(TimeProvider.System);

        services.AddSwitchboardStorage();

        services.AddSingleton<SigningKey>();
        services.AddSingleton<RevocationCache>();
        services.AddSingleton<TokenRevocations>();
        services.AddSingleton<ITokenRevocations>(sp => sp.GetRequiredService<IOptions<SwitchboardOptions>>().Value.IsRedisMode
            ? ActivatorUtilities.CreateInstance<RedisTokenRevocations>(sp)
            : sp.GetRequiredService<TokenRevocations>());
        services.AddSingleton<ITokenValidator, TokenValidator>();
        services.AddHostedService<RevocationMonitor>();
        services.AddSingleton<IAccessControl, AccessControl>();
        services.AddSingleton<ChannelDirectory>();
        services.AddSingleton<SessionRegistry>();
        services.AddSingleton<SessionTerminator>();
        services.AddSingleton<ServerMetrics>();
        services.AddRealtime();
        services.AddChatEvents();
        services.AddCompletions();
        services.AddSwitchboardApi();

        services.AddSocketIO(o => o.SerializerOptions = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Open WebUI's payloads are snake_case; dictionaries and JsonNodes keep their keys as written.
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        });
        services.AddOptions<EngineIOOptions>().Configure<IOptions<SwitchboardOptions>>((engine, switchboard) =>
        {
            var s = switchboard.Value;
            engine.PingInterval = s.PingInterval;
            engine.PingTimeout = s.PingTimeout;
            engine.MaxPayload = s.MaxPayload;
            engine.WriteCoalescingDelay = s.WriteCoalescingDelay;

            // ENABLE_WEBSOCKET_SUPPORT=false: long-polling only, as Open WebUI. True: WebSocket, with polling kept as a
            // fallback for clients that start with it (Open WebUI itself serves WebSocket only; nothing is lost).
            engine.Transports = s.EnableWebsocketSupport ? EngineTransports.All : EngineTransports.Polling;
            engine.AllowedOrigins.Clear();
            foreach (var origin in s.CorsAllowOrigins.Count == 0 ? ["*"] : s.CorsAllowOrigins)
            {
                engine.AllowedOrigins.Add(origin);
            }
        });

        services.AddScaling();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"])
            .AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        return services;
    }

    /// <summary>Maps the Socket.IO endpoint and the HTTP endpoints.</summary>
    public static WebApplication MapSwitchboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
        app.MapSocketIO(SocketPath, io => app.Services.GetRequiredService<RealtimeHandlers>().Attach(io));
        app.MapRealtimeHttp();
        app.Services.GetRequiredService<ServerMetrics>();
        app.MapSwitchboardTelemetry();
        app.MapCompletions();
        app.MapSwitchboardApi();
        return app;
    }

    /// <summary>Builds the server from command-line arguments, appsettings and the environment.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings*.json are read once, not watched (the server reads its options once anyway): the watcher covers
        // the content root recursively, and DATA_DIR (default ./data) lies under it, so every SQLite write woke its
        // thread (about 3 % of the server's CPU in bench/openwebui). A later --hostBuilder:reloadConfigOnChange=true
        // in the arguments turns it back on.
        var builder = WebApplication.CreateBuilder(["--hostBuilder:reloadConfigOnChange=false", .. args]);
        builder.Services.AddSwitchboardServer();
        configure?.Invoke(builder);
        builder.AddSwitchboardTelemetry();
        var app = builder.Build();
        app.MapSwitchboard();
        return app;
    }
}
