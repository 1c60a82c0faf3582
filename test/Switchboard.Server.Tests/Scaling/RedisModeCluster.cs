using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Scaling;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// Several Switchboard instances in Redis mode on one redis-server of their own and one database (a SQLite file in a
/// temporary folder): instance A runs in this process (so tests reach the server's API, as an embedding application
/// does, and seed rows), the others are Switchboard.Server processes configured by environment variables. Every
/// process is killed on dispose.
/// </summary>
internal sealed class RedisModeCluster : IAsyncDisposable
{
    private readonly List<ServerProcess> _processes = [];

    private RedisModeCluster(RedisServerProcess redis, TestDatabase database, string prefix, RedisModeSettings settings)
    {
        Redis = redis;
        Database = database;
        Prefix = prefix;
        Settings = settings;
    }

    public RedisServerProcess Redis { get; }

    public TestDatabase Database { get; }

    /// <summary>REDIS_KEY_PREFIX of this cluster.</summary>
    public string Prefix { get; }

    public RedisModeSettings Settings { get; }

    /// <summary>The instance in this process.</summary>
    public ServerHost A { get; private set; } = null!;

    /// <summary>The instances in processes of their own.</summary>
    public IReadOnlyList<ServerProcess> Processes => _processes;

    public RedisKeys Keys => new(Prefix);

    public T Service<T>()
        where T : notnull => A.Services.GetRequiredService<T>();

    public static async Task<RedisModeCluster> StartAsync(int processes, RedisModeSettings? settings = null)
    {
        var redis = await RedisServerProcess.StartAsync();
        TestDatabase? database = null;
        RedisModeCluster? cluster = null;
        try
        {
            database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
            cluster = new RedisModeCluster(redis, database, "sbtest-" + Guid.NewGuid().ToString("N")[..8], settings ?? new RedisModeSettings());

            // A first: it creates the schema in the new database; the processes then find it there.
            cluster.A = await ServerHost.StartAsync(database, cluster.Environment().ToDictionary(e => e.Key, e => (string?)e.Value));
            var started = await Task.WhenAll(Enumerable.Range(0, processes).Select(_ => ServerProcess.StartAsync(cluster.ProcessEnvironment())));
            cluster._processes.AddRange(started);
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

    public static Task<SocketIOTab> ConnectAsync(string url, string userId) => SocketIOTab.ConnectAsync(url, Token(userId));

    // Open WebUI's environment names, as a deployment sets them, plus Switchboard's shorter test timings.
    private Dictionary<string, string> Environment() => new()
    {
        ["WEBSOCKET_MANAGER"] = "redis",
        ["WEBSOCKET_REDIS_URL"] = Redis.Url,
        ["REDIS_KEY_PREFIX"] = Prefix,
        ["Switchboard:SessionPoolTimeout"] = Settings.SessionPoolTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Switchboard:RedisLockTimeout"] = Settings.LockTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["Switchboard:UsageExpiry"] = Settings.UsageExpiry.ToString("c", CultureInfo.InvariantCulture),
    };

    private Dictionary<string, string> ProcessEnvironment()
    {
        var env = Environment().ToDictionary(e => e.Key.Replace(":", "__", StringComparison.Ordinal), e => e.Value);
        env["DATABASE_URL"] = Database.Url;
        env["DATA_DIR"] = Database.DataDir;
        env["WEBUI_SECRET_KEY"] = ServerHost.Secret;
        env["WEBSOCKET_SERVER_PING_INTERVAL"] = "5";
        env["WEBSOCKET_SERVER_PING_TIMEOUT"] = "10";
        return env;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        if (A is not null)
        {
            await A.DisposeAsync();
        }

        await Redis.DisposeAsync();
        await Database.DisposeAsync();
    }
}
