using System.Data.Common;

namespace Switchboard.Server.Storage;

/// <summary>
/// A write on a connection and transaction of the caller's: a PostgreSQL write of <see cref="DbConnections.WriteAsync"/>
/// (a pooled connection), or a write inside an EF Core transaction. Commands are created per statement.
/// </summary>
internal sealed class TransactionWriteSession(DbConnection connection, DbTransaction transaction, bool postgres) : DbWriteSession, IAsyncDisposable
{
    private readonly List<DbCommand> _commands = [];

    public override bool Postgres => postgres;

    public override DbCommand Command(string sql, bool reuse = true)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        _commands.Add(command);
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
    }
}
