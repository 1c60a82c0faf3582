using System.Data.Common;

namespace Switchboard.Server.Storage;

/// <summary>
/// The statements of one write (<see cref="DbConnections.WriteAsync"/>), inside its transaction: on PostgreSQL a pooled
/// connection's own transaction; on SQLite a savepoint in the batch of <see cref="SqliteWriter"/>, whose commands are
/// prepared once and kept. A command from <see cref="Command"/> is the session's: set its parameters, execute it,
/// dispose its reader, and never dispose the command.
/// </summary>
internal abstract class DbWriteSession
{
    /// <summary>Whether the database is PostgreSQL (else SQLite).</summary>
    public abstract bool Postgres { get; }

    /// <summary>
    /// A command for <paramref name="sql"/> with no parameters, in the write's transaction. With <paramref name="reuse"/>
    /// (constant SQL text) SQLite keeps it prepared for the next write; SQL built per call passes false.
    /// </summary>
    public abstract DbCommand Command(string sql, bool reuse = true);

    /// <summary>Adds the parameter <paramref name="name"/> (<c>@name</c> in the SQL) with <paramref name="value"/> (null as NULL).</summary>
    public static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }
}
