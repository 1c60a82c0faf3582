using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Storage;

public sealed class SqlitePragmaInterceptorTests
{
    [Fact]
    public async Task Open_PooledConnectionsOpenedAgain_KeepOpenWebUIsPragmas()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database);

        // EF Core opens and closes the connection per query; the pragmas run once per native connection, and every
        // later open (a pooled native connection, or a new one) still has them.
        for (var i = 0; i < 5; i++)
        {
            await using var db = await host.DbAsync();
            await db.Database.OpenConnectionAsync();
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA synchronous";
            Assert.Equal(1L, await command.ExecuteScalarAsync().WaitAsync(TimeSpan.FromSeconds(30))); // NORMAL
            command.CommandText = "PRAGMA busy_timeout";
            Assert.Equal(5000L, await command.ExecuteScalarAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            command.CommandText = "PRAGMA mmap_size";
            Assert.Equal(256L * 1024 * 1024, await command.ExecuteScalarAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            await db.Database.CloseConnectionAsync();
        }
    }
}
