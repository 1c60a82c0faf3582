using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Scaling;
using Switchboard.Server.Storage;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// Switchboard.Server processes in Redis mode, all of them real (<c>dotnet Switchboard.Server.dll</c>, configured by
/// environment variables as a deployment is), on one redis-server of the test's own and one database: a fresh
/// PostgreSQL database when <c>SWITCHBOARD_TEST_POSTGRES</c> is set (as under <c>./test.sh</c>), else a SQLite file
/// they share. The test reaches them only as users do (HTTP, Socket.IO) and writes rows straight into the database, as
/// Open WebUI's own processes would. The schema is created here first, so the processes start in parallel.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable, ISeedDatabase
{
    private readonly ServiceProvider _storage;
    private readonly List<ServerProcess> _instances = [];

    private ProcessCluster(RedisServerProcess redis, TestDatabase database, ServiceProvider storage, RedisModeSettings settings, IReadOnlyDictionary<string, string> extra)
    {
        Redis = redis;
        Database = database;
        _storage = storage;
        Settings = settings;
        Extra = extra;
    }

    public RedisServerProcess Redis { get; }

    public TestDatabase Database { get; }

    /// <summary>REDIS_KEY_PREFIX of this cluster.</summary>
    public string Prefix { get; } = "sbtest-" + Guid.NewGuid().ToString("N")[..8];

    public RedisModeSettings Settings { get; }

    public IReadOnlyDictionary<string, string> Extra { get; }

    public IReadOnlyList<ServerProcess> Instances => _instances;

    public RedisKeys Keys => new(Prefix);

    /// <summary>Starts Redis, prepares the database, then starts <paramref name="instances"/> servers at once.</summary>
    public static async Task<ProcessCluster> StartAsync(int instances, RedisModeSettings? settings = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var redis = await RedisServerProcess.StartAsync();
        TestDatabase? database = null;
        ServiceProvider? storage = null;
        ProcessCluster? cluster = null;
        try
        {
            database = await TestDatabase.CreateAsync(PostgresServer.ConnectionString is null ? DatabaseProvider.Sqlite : DatabaseProvider.PostgreSql);
            storage = await PrepareAsync(database);
            cluster = new ProcessCluster(redis, database, storage, settings ?? new RedisModeSettings(), environment ?? new Dictionary<string, string>());
            var starting = Enumerable.Range(0, instances).Select(_ => ServerProcess.StartAsync(cluster.Environment())).ToArray();
            try
            {
                await Task.WhenAll(starting);
            }
            finally
            {
                // Also when one failed to start: the others that did are the cluster's to kill on dispose.
                cluster._instances.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
            }

            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else
            {
                await redis.DisposeAsync();
                if (storage is not null)
                {
                    await storage.DisposeAsync();
                }

                if (database is not null)
                {
                    await database.DisposeAsync();
                }
            }

            throw;
        }
    }

    /// <summary>A token for <paramref name="userId"/> with <c>iat</c> and <c>jti</c>, signed with the cluster's secret.</summary>
    public static string Token(string userId) => JwtToken.Create(
        new JwtClaims { UserId = userId, IssuedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), TokenId = Guid.NewGuid().ToString() },
        Encoding.UTF8.GetBytes(ServerHost.Secret));

    /// <summary>A tab of <paramref name="userId"/> on the instance at <paramref name="url"/>.</summary>
    public static Task<SocketIOTab> ConnectAsync(string url, string userId) => SocketIOTab.ConnectAsync(url, Token(userId));

    /// <summary>An HTTP client for <paramref name="instance"/> that authenticates with <paramref name="token"/>.</summary>
    public static HttpClient Http(ServerProcess instance, string? token)
    {
        var client = new HttpClient { BaseAddress = new Uri(instance.Url), Timeout = TimeSpan.FromSeconds(60) }; // catches hangs only
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<WebUIDbContext> DbAsync() =>
        await _storage.GetRequiredService<IDbContextFactory<WebUIDbContext>>().CreateDbContextAsync();

    /// <summary>Every instance answers <c>/readyz</c> with <paramref name="status"/> (503 while Redis is down, 200 after).</summary>
    public Task WaitReadyAsync(int status, string what) => Eventually.TrueAsync(async () =>
    {
        foreach (var instance in _instances.Where(i => !i.HasExited))
        {
            if (await instance.ReadyStatusAsync() != status)
            {
                return false;
            }
        }

        return true;
    }, what);

    // The server's own storage registration, so the schema is exactly the one the servers would create.
    private static async Task<ServiceProvider> PrepareAsync(TestDatabase database)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<SwitchboardOptions>().Configure(o =>
        {
            o.DataDir = database.DataDir;
            o.DatabaseUrl = database.Url;
        });
        services.AddSwitchboardStorage();
        var provider = services.BuildServiceProvider();
        var schema = provider.GetServices<IHostedService>().OfType<SchemaInitializer>().Single();
        await schema.InitializeAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        return provider;
    }

    // Open WebUI's environment names, as a deployment sets them, plus Switchboard's shorter test timings.
    private Dictionary<string, string> Environment()
    {
        var env = new Dictionary<string, string>
        {
            ["WEBSOCKET_MANAGER"] = "redis",
            ["WEBSOCKET_REDIS_URL"] = Redis.Url,
            ["REDIS_KEY_PREFIX"] = Prefix,
            ["DATABASE_URL"] = Database.Url,
            ["DATA_DIR"] = Database.DataDir,
            ["WEBUI_SECRET_KEY"] = ServerHost.Secret,
            ["WEBSOCKET_SERVER_PING_INTERVAL"] = "5",
            ["WEBSOCKET_SERVER_PING_TIMEOUT"] = "10",
            ["Switchboard__SessionPoolTimeout"] = Settings.SessionPoolTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Switchboard__RedisLockTimeout"] = Settings.LockTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Switchboard__UsageExpiry"] = Settings.UsageExpiry.ToString("c", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in Extra)
        {
            env[key] = value;
        }

        return env;
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_instances.Select(i => i.DisposeAsync().AsTask()));
        await Redis.DisposeAsync();
        await _storage.DisposeAsync();
        await Database.DisposeAsync();
    }
}
