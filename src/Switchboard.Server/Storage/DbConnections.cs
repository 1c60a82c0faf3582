using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Switchboard.Server.Storage;

/// <summary>
/// Plain ADO.NET connections to the database the <see cref="WebUIDbContext"/> uses (same connection string, so the same
/// provider pool), for the few statements asked on every request or reply: a pooled context costs its rent, reset and
/// a connection open through EF's pipeline on top of the statement (~90 µs per lookup in bench/openwebui). SQLite
/// connections get the same pragmas as EF's (<see cref="SqlitePragmaInterceptor"/>), once per native connection.
/// </summary>
internal sealed class DbConnections(IDbContextFactory<WebUIDbContext> contexts, SqlitePragmaInterceptor pragmas)
{
    private Target? _target;

    /// <summary>Whether the database is PostgreSQL (else SQLite).</summary>
    public bool IsPostgres => Resolve().Postgres;

    /// <summary>An open connection; dispose it to return it to the provider's pool.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var target = Resolve();
        DbConnection connection = target.Postgres ? new NpgsqlConnection(target.ConnectionString) : new SqliteConnection(target.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            if (!target.Postgres)
            {
                await pragmas.ConfigureAsync(connection, cancellationToken);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A command on <paramref name="connection"/> with <paramref name="sql"/> and named parameters (<c>@name</c>).</summary>
    public static DbCommand Command(DbConnection connection, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private Target Resolve()
    {
        if (_target is { } target)
        {
            return target;
        }

        using var db = contexts.CreateDbContext();
        target = new Target(db.Database.GetConnectionString()!, db.Database.GetDbConnection() is NpgsqlConnection);
        _target = target;
        return target;
    }

    private sealed record Target(string ConnectionString, bool Postgres);
}
