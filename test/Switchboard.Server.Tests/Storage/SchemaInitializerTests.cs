using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Storage;

public sealed class SchemaInitializerTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Start_ThreeInstancesAtOnceOnAnEmptyDatabase_EachStartsAndTheSchemaIsMadeOnce(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.PostgreSql && PostgresServer.ConnectionString is null)
        {
            Assert.False(PostgresServer.RequiredByCI, "SWITCHBOARD_TEST_POSTGRES is not set");
            return;
        }

        await using var database = await TestDatabase.CreateAsync(provider);
        var hosts = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ServerHost.StartAsync(database))).WaitAsync(TimeSpan.FromSeconds(120));
        try
        {
            Assert.All(hosts, h => Assert.True(h.Services.GetRequiredService<StorageCapabilities>().Ready));
            Assert.All(hosts, h => Assert.Empty(h.Services.GetRequiredService<StorageCapabilities>().MissingTables));
            await using var db = await hosts[0].DbAsync();
            Assert.Equal(1, await db.Meta.CountAsync(m => m.Key == "created_openwebui_schema"));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task Start_EmptyDatabase_CreatesOpenWebUITablesAndRemembersIt(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.PostgreSql && PostgresServer.ConnectionString is null)
        {
            Assert.False(PostgresServer.RequiredByCI, "SWITCHBOARD_TEST_POSTGRES is not set");
            return;
        }

        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var host = await ServerHost.StartAsync(database))
        {
            var capabilities = host.Services.GetRequiredService<StorageCapabilities>();
            Assert.True(capabilities.CreatedOpenWebUISchema);
            Assert.Empty(capabilities.MissingTables);
            foreach (var table in SchemaInitializer.RequiredTables.Append("folder").Append("switchboard_meta"))
            {
                Assert.Contains(table, capabilities.Tables);
            }
        }

        // A second start finds its own tables and knows it made them.
        await using var again = await ServerHost.StartAsync(database);
        Assert.True(again.Services.GetRequiredService<StorageCapabilities>().CreatedOpenWebUISchema);
        await using var db = await again.DbAsync();
        Assert.Equal(1, await db.Meta.CountAsync(m => m.Key == "created_openwebui_schema"));
    }

    [Fact]
    public async Task Start_OlderOpenWebUIDatabase_ReadyzReportsMissingTables()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(database.DataDir, "webui.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """CREATE TABLE "user" (id VARCHAR NOT NULL PRIMARY KEY, name VARCHAR, role VARCHAR); CREATE TABLE chat (id VARCHAR NOT NULL PRIMARY KEY, chat JSON);""";
            await command.ExecuteNonQueryAsync();
        }

        await using var host = await ServerHost.StartAsync(database);
        var capabilities = host.Services.GetRequiredService<StorageCapabilities>();
        Assert.False(capabilities.CreatedOpenWebUISchema);
        Assert.Contains("access_grant", capabilities.MissingTables);
        Assert.DoesNotContain("channel", capabilities.Tables);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url) };
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/readyz").WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/healthz").WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
    }

    [Fact]
    public async Task Start_SqliteDocumentLogWithRowid_RebuiltWithoutRowidKeepingItsEntries()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var file = $"Data Source={Path.Combine(database.DataDir, "webui.db")}";
        await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection(file))
        {
            // The layout before session 7: a rowid table with its primary key as a separate index.
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE switchboard_document_update (document_id TEXT NOT NULL, seq BIGINT NOT NULL, data BLOB NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (document_id, seq));
                INSERT INTO switchboard_document_update VALUES ('note:a', 2, x'0102', 5), ('note:a', 1, x'03', 4), ('note:b', 1, x'04', 6);
                """;
            await command.ExecuteNonQueryAsync();
        }

        await using (var host = await ServerHost.StartAsync(database))
        {
            Assert.True(host.Services.GetRequiredService<StorageCapabilities>().Ready);
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using var check = new Microsoft.Data.Sqlite.SqliteConnection(file);
        await check.OpenAsync();
        await using var query = check.CreateCommand();
        query.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'switchboard_document_update'";
        Assert.Contains("WITHOUT ROWID", (string)(await query.ExecuteScalarAsync())!, StringComparison.Ordinal);
        query.CommandText = "SELECT group_concat(document_id || ':' || seq || ':' || hex(data) || ':' || created_at, ' ') FROM (SELECT * FROM switchboard_document_update ORDER BY document_id, seq)";
        Assert.Equal("note:a:1:03:4 note:a:2:0102:5 note:b:1:04:6", await query.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Start_EmptySqliteDatabase_DocumentLogWithoutRowid()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database);
        await using var db = await host.DbAsync();
        await db.Database.OpenConnectionAsync();
        await using var query = db.Database.GetDbConnection().CreateCommand();
        query.CommandText = "SELECT sql FROM sqlite_master WHERE name = 'switchboard_document_update'";
        Assert.Contains("WITHOUT ROWID", (string)(await query.ExecuteScalarAsync().WaitAsync(TimeSpan.FromSeconds(30)))!, StringComparison.Ordinal);
    }
}
