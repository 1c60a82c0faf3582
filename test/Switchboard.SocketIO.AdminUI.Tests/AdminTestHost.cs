using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Switchboard.SocketIO.AdminUI.Tests;

/// <summary>
/// A real Kestrel on 127.0.0.1 serving Socket.IO at <c>/socket.io/</c> with the Admin UI on <c>/admin</c>
/// (user <c>admin</c>, password <see cref="Password"/>). Ordinary clients name themselves in <c>auth.name</c> and join
/// the rooms listed in <c>auth.rooms</c>; the host records why each socket left.
/// </summary>
internal sealed class AdminTestHost : IAsyncDisposable
{
    public const string Username = "admin";
    public const string Password = "correct horse battery staple";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // Cost 4 keeps the test fast; the check is the same at any cost.
    private static readonly string PasswordHash = BCrypt.Net.BCrypt.HashPassword(Password, 4);

    private readonly WebApplication _app;
    private readonly IDisposable _admin;

    private AdminTestHost(WebApplication app, IDisposable admin)
    {
        _app = app;
        _admin = admin;
        Url = app.Urls.First();
        Server = app.Services.GetRequiredService<SocketIOServer>();
    }

    public string Url { get; }

    public SocketIOServer Server { get; }

    /// <summary>Why each ordinary socket left, by socket id.</summary>
    public ConcurrentDictionary<string, DisconnectReason> Disconnected { get; } = new(StringComparer.Ordinal);

    public static async Task<AdminTestHost> StartAsync(string? allowedOrigin = null, Action<AdminUIOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddEngineIO(o =>
        {
            if (allowedOrigin is not null)
            {
                o.AllowedOrigins.Add(allowedOrigin);
                o.AllowCredentials = true;
            }
        });
        builder.Services.AddSocketIO();
        var app = builder.Build();
        AdminTestHost? host = null;
        IDisposable? admin = null;
        app.MapSocketIO("/socket.io", io =>
        {
            io.OnConnection(socket =>
            {
                if (socket.Handshake.Auth.TryGetProperty("rooms", out var rooms) && rooms.ValueKind == JsonValueKind.Array)
                {
                    foreach (var room in rooms.EnumerateArray())
                    {
                        socket.Join(room.GetString()!);
                    }
                }

                socket.On("ping-me", e => e.Ack("pong"));
                socket.OnDisconnect((s, reason) => host!.Disconnected[s.Id] = reason);
            });
            admin = io.Instrument(o =>
            {
                o.Username = Username;
                o.PasswordHash = PasswordHash;
                o.StatsInterval = TimeSpan.FromMilliseconds(500);
                configure?.Invoke(o);
            });
        });
        await app.StartAsync().WaitAsync(Timeout);
        host = new AdminTestHost(app, admin!);
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _app.StopAsync().WaitAsync(Timeout);
        await _app.DisposeAsync();
    }
}
