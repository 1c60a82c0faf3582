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
/// Writes go through <see cref="WriteAsync"/>: on SQLite to the one <see cref="SqliteWriter"/>.
/// </summary>
internal sealed class DbConnections(IDbContextFactory<WebUIDbContext> contexts, SqlitePragmaInterceptor pragmas, ILogger<SqliteWriter> writerLogger) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private Target? _target;
    private SqliteWriter? _writer;
    private bool _disposed;

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

    /// <summary>
    /// Runs <paramref name="write"/> in a transaction and commits it: on PostgreSQL on a pooled connection of its own, on
    /// SQLite in the next batch of the one writer (its statements kept prepared; see <see cref="SqliteWriter"/>). The
    /// task completes once the write is committed. A write must not wait for another write.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<DbWriteSession, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var target = Resolve();
        return target.Postgres ? WritePostgresAsync(write, cancellationToken) : Writer().WriteAsync(write, cancellationToken);
    }

    /// <summary>Writes what the SQLite writer has queued and closes its connection.</summary>
    public async ValueTask DisposeAsync()
    {
        SqliteWriter? writer;
        lock (_lock)
        {
            _disposed = true;
            writer = _writer;
        }

        if (writer is not null)
        {
            await writer.DisposeAsync();
        }
    }

    private async Task<T> WritePostgresAsync<T>(Func<DbWriteSession, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var session = new TransactionWriteSession(connection, transaction, postgres: true);
        var result = await write(session, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private SqliteWriter Writer()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _writer ??= new SqliteWriter(OpenSqliteAsync, writerLogger);
        }
    }

    private async Task<SqliteConnection> OpenSqliteAsync(CancellationToken cancellationToken) => (SqliteConnection)await OpenAsync(cancellationToken);

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
