using Switchboard.Server.Configuration;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>A throwaway database: a SQLite file in a temporary folder, or a fresh PostgreSQL database.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string url, string dataDir, string? postgresName)
    {
        Provider = provider;
        Url = url;
        DataDir = dataDir;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The <c>DATABASE_URL</c> value (an Npgsql connection string for PostgreSQL).</summary>
    public string Url { get; }

    /// <summary>A fresh data folder for the server (secret key, SQLite file).</summary>
    public string DataDir { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "switchboard-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        if (provider == DatabaseProvider.Sqlite)
        {
            return new TestDatabase(provider, "sqlite:///" + Path.Combine(dataDir, "webui.db"), dataDir, null);
        }

        var name = "sb_test_" + Guid.NewGuid().ToString("N")[..16];
        var connection = await PostgresServer.CreateDatabaseAsync(name);
        return new TestDatabase(provider, connection, dataDir, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgresName is not null)
        {
            await PostgresServer.DropDatabaseAsync(_postgresName);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
