using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Auth;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>The real server on Kestrel at 127.0.0.1 (a free port) over a <see cref="TestDatabase"/>.</summary>
public sealed class ServerHost : IAsyncDisposable, ISeedDatabase
{
    public const string Secret = "test-secret-key";

    private readonly WebApplication _app;

    private ServerHost(WebApplication app)
    {
        _app = app;
        Url = app.Urls.First();
    }

    public string Url { get; }

    public IServiceProvider Services => _app.Services;

    internal ITokenValidator Tokens => Services.GetRequiredService<ITokenValidator>();

    public static async Task<ServerHost> StartAsync(TestDatabase database, IDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Switchboard:DataDir"] = database.DataDir,
            ["Switchboard:DatabaseUrl"] = database.Url,
            ["Switchboard:SecretKey"] = Secret,
            ["Switchboard:PingInterval"] = "00:00:05",
            ["Switchboard:PingTimeout"] = "00:00:10",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var app = SwitchboardApp.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(values);
            builder.Logging.ClearProviders();
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
            builder.Environment.ContentRootPath = AppContext.BaseDirectory;
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new ServerHost(app);
    }

    internal async Task<WebUIDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<WebUIDbContext>>().CreateDbContextAsync();

    Task<WebUIDbContext> ISeedDatabase.DbAsync() => DbAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
