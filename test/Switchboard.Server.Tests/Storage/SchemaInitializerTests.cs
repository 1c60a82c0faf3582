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
}
