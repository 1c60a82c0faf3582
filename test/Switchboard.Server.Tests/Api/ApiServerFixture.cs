using Switchboard.Server.Configuration;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api;

/// <summary>One database and one server per test class for the REST API tests (cheap bcrypt; tests use fresh ids).</summary>
public abstract class ApiServerFixture(DatabaseProvider provider) : IAsyncLifetime
{
    /// <summary>Settings every API test server runs with: bcrypt at its lowest cost keeps sign-ups fast.</summary>
    public static readonly Dictionary<string, string?> Settings = new() { ["Switchboard:Api:BcryptWorkFactor"] = "4" };

    public const string PrimaryAdminId = "00000000-0000-0000-0000-000000000001";

    private TestDatabase? _database;
    private ServerHost? _host;

    public ServerHost Host => _host ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync()
    {
        if (provider == DatabaseProvider.PostgreSql && PostgresServer.ConnectionString is null && !PostgresServer.RequiredByCI)
        {
            return; // the tests are skipped (StorageFactDiscoverer)
        }

        _database = await TestDatabase.CreateAsync(provider);
        _host = await ServerHost.StartAsync(_database, Settings);

        // The database's first user (Open WebUI's primary admin, whom other admins may not change or delete).
        await using var db = await _host.DbAsync();
        db.Users.Add(new UserRow { Id = PrimaryAdminId, Name = "Primary Admin", Email = "primary@example.com", Role = "admin", CreatedAt = 0, UpdatedAt = 0 });
        await db.SaveChangesAsync();
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

/// <summary>The API server over SQLite.</summary>
public sealed class SqliteApiServerFixture() : ApiServerFixture(DatabaseProvider.Sqlite);

/// <summary>The API server over PostgreSQL.</summary>
public sealed class PostgresApiServerFixture() : ApiServerFixture(DatabaseProvider.PostgreSql);
