using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Switchboard.Server.Storage;

/// <summary>
/// The writes on <see cref="SqliteWriter"/>'s connection: commands by SQL text, prepared on first use and kept for the
/// connection's life, so a hot statement is parsed once (Microsoft.Data.Sqlite prepares every new command again).
/// </summary>
internal sealed class SqliteWriteSession(SqliteConnection connection) : DbWriteSession, IDisposable
{
    // More distinct statements than the server's writes have means SQL built per call slipped in: start over.
    private const int MaxCached = 64;

    private readonly Dictionary<string, SqliteCommand> _cache = new(StringComparer.Ordinal);
    private readonly List<SqliteCommand> _oneOff = [];

    public SqliteConnection Connection => connection;

    public override bool Postgres => false;

    public override DbCommand Command(string sql, bool reuse = true)
    {
        if (!reuse)
        {
            var oneOff = connection.CreateCommand();
            oneOff.CommandText = sql;
            _oneOff.Add(oneOff);
            return oneOff;
        }

        if (_cache.TryGetValue(sql, out var command))
        {
            command.Parameters.Clear();
            return command;
        }

        if (_cache.Count >= MaxCached)
        {
            ClearCache();
        }

        command = connection.CreateCommand();
        command.CommandText = sql;
        _cache[sql] = command;
        return command;
    }

    /// <summary>Runs <paramref name="sql"/> (a constant statement without parameters, e.g. <c>SAVEPOINT</c>).</summary>
    public void Execute(string sql) => ((SqliteCommand)Command(sql)).ExecuteNonQuery();

    /// <summary>Disposes the commands of the write that just ended that were not kept.</summary>
    public void EndWrite()
    {
        foreach (var command in _oneOff)
        {
            command.Dispose();
        }

        _oneOff.Clear();
    }

    public void Dispose()
    {
        EndWrite();
        ClearCache();
        connection.Dispose();
    }

    private void ClearCache()
    {
        foreach (var command in _cache.Values)
        {
            command.Dispose();
        }

        _cache.Clear();
    }
}
