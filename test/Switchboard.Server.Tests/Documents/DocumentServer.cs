using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Documents;
using Switchboard.Server.Storage;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.SocketIO;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Documents;

/// <summary>
/// The real server (every service, the real database) with a fake clock, its Socket.IO server driven through a
/// <see cref="FakeEngine"/>. <see cref="RestartAsync"/> stops it (as a shutdown does) and starts a new one on the
/// same database.
/// </summary>
internal sealed class DocumentServer : IAsyncDisposable
{
    private readonly TestDatabase _database;
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<WebApplicationBuilder>? _configure;
    private WebApplication _app;

    private DocumentServer(TestDatabase database, Dictionary<string, string?> settings, Action<WebApplicationBuilder>? configure, WebApplication app)
    {
        _database = database;
        _settings = settings;
        _configure = configure;
        _app = app;
    }

    public FakeTimeProvider Time { get; private set; } = null!;

    public FakeEngine Engine { get; private set; } = null!;

    public IServiceProvider Services => _app.Services;

    public DocumentHub Hub => Services.GetRequiredService<DocumentHub>();

    /// <summary>Starts the server; <paramref name="configure"/> runs after the test defaults (logging providers, OpenTelemetry exporters).</summary>
    public static async Task<DocumentServer> StartAsync(
        IDictionary<string, string?>? settings = null, DatabaseProvider provider = DatabaseProvider.Sqlite, Action<WebApplicationBuilder>? configure = null)
    {
        var database = await TestDatabase.CreateAsync(provider);
        var values = new Dictionary<string, string?>
        {
            ["Switchboard:DataDir"] = database.DataDir,
            ["Switchboard:DatabaseUrl"] = database.Url,
            ["Switchboard:SecretKey"] = ServerHost.Secret,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var server = new DocumentServer(database, values, configure, null!);
        await server.BootAsync();
        return server;
    }

    /// <summary>Stops the server (hosted services stop: pending saves are flushed) and starts a fresh one on the same database.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await BootAsync();
    }

    public async Task<DocumentSocket> ConnectAsync(string? userId)
    {
        var token = userId is null ? null : JwtToken.Create(new JwtClaims { UserId = userId }, Encoding.UTF8.GetBytes(ServerHost.Secret));
        return await DocumentSocket.ConnectAsync(Engine, token);
    }

    public async Task<WebUIDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<WebUIDbContext>>().CreateDbContextAsync();

    /// <summary>Waits (generously, only to catch hangs) until <paramref name="condition"/> holds.</summary>
    public static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!await condition())
        {
            if (cts.IsCancellationRequested)
            {
                Assert.Fail("timed out waiting for " + what);
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _database.DisposeAsync();
    }

    private async Task BootAsync()
    {
        Time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _app = SwitchboardApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(_settings);
            builder.Services.AddSingleton<TimeProvider>(Time);
            builder.Logging.ClearProviders();
            if (Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_LOG") == "1")
            {
                builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
            }
            builder.Environment.ContentRootPath = AppContext.BaseDirectory;
            _configure?.Invoke(builder);
        });
        await _app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Engine = new FakeEngine(Services.GetRequiredService<SocketIOServer>().EngineHandler);
    }

    private async Task StopAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
