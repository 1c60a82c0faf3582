using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Switchboard.Server.Storage;

/// <summary>
/// Opens every SQLite connection as Open WebUI does (<c>synchronous=NORMAL</c>, <c>busy_timeout=5000</c>), so
/// Switchboard and Open WebUI can share one WAL-mode file (openwebui-schema.md §1). The pragmas belong to the native
/// connection, which Microsoft.Data.Sqlite pools and EF Core opens again for each query: they run once per native
/// connection, not on every open (a statement per query otherwise). Switchboard's own addition, <c>mmap_size</c>
/// (256 MB), reads the database file's pages as memory instead of a <c>pread</c> each: a pooled connection's page cache
/// is dropped whenever another connection has written, so under load nearly every read went to the file.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA mmap_size=268435456;";

    // The native connections that have the pragmas; an entry goes when its connection is collected.
    private readonly ConditionalWeakTable<object, object> _configured = [];

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (NeedsPragmas(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
            Configured(connection);
        }
    }

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ConfigureAsync(connection, cancellationToken);

    /// <summary>Runs the pragmas on <paramref name="connection"/> (open) unless its native connection has them.</summary>
    public async Task ConfigureAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (NeedsPragmas(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Configured(connection);
        }
    }

    private bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || !_configured.TryGetValue(handle, out _);

    private void Configured(DbConnection connection)
    {
        if (connection is SqliteConnection { Handle: { } handle })
        {
            _configured.AddOrUpdate(handle, handle);
        }
    }
}
