using Npgsql;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>The PostgreSQL server the tests may use (<c>SWITCHBOARD_TEST_POSTGRES</c>, a superuser connection string).</summary>
public static class PostgresServer
{
    public static string? ConnectionString => Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_POSTGRES") is { Length: > 0 } s ? s : null;

    public static bool RequiredByCI => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>Creates a fresh database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync(string name)
    {
        var server = ConnectionString ?? throw new InvalidOperationException("SWITCHBOARD_TEST_POSTGRES is not set: run ./test.sh, which starts PostgreSQL.");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await using var command = connection.CreateCommand();
            command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE); CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string name)
    {
        if (ConnectionString is not { } server)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await using var command = connection.CreateCommand();
        command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
        await command.ExecuteNonQueryAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }
}
