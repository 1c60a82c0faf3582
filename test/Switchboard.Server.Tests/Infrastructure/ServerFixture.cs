using Switchboard.Server.Configuration;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>One database and one running server per test class (tests use fresh ids, so they do not collide).</summary>
public abstract class ServerFixture(DatabaseProvider provider) : IAsyncLifetime
{
    private TestDatabase? _database;
    private ServerHost? _host;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("not started");

    public ServerHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        if (provider == DatabaseProvider.PostgreSql && PostgresServer.ConnectionString is null && !PostgresServer.RequiredByCI)
        {
            return; // the tests are skipped (StorageFactDiscoverer)
        }

        _database = await TestDatabase.CreateAsync(provider);
        _host = await ServerHost.StartAsync(_database);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
