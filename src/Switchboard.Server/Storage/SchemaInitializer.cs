using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Storage;

/// <summary>
/// Prepares the database at start. A database without Open WebUI's tables gets them (Switchboard created it, and
/// records that in <c>switchboard_meta</c>); a database that has them is Open WebUI's and its tables are never
/// altered, only checked. Switchboard's own <c>switchboard_</c> tables are created in either case.
/// </summary>
internal sealed partial class SchemaInitializer(
    IDbContextFactory<WebUIDbContext> contexts,
    StorageCapabilities capabilities,
    IOptions<SwitchboardOptions> options,
    ILogger<SchemaInitializer> logger) : IHostedService
{
    /// <summary>The tables the socket layer reads or writes.</summary>
    public static readonly string[] RequiredTables =
        ["user", "auth", "channel", "channel_member", "message", "note", "access_grant", "group", "group_member", "chat", "chat_message"];

    private const string CreatedMarker = "created_openwebui_schema";

    // Any constant shared by every Switchboard instance ("SwBd" "Schm").
    private const long SchemaLockKey = 0x53774264_5363686D;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InitializeAsync(cancellationToken);
                return;
            }
            catch (DbException ex) when (attempt < 3 && IsConcurrentDdl(ex))
            {
                // Something outside the schema lock (an Open WebUI process migrating, an older Switchboard) made a
                // table at the same moment: every statement is IF NOT EXISTS, so looking again settles it.
                Log.ConcurrentDdl(logger, attempt, ex.SqlState ?? "");
            }
        }
    }

    // PostgreSQL's unique_violation (a duplicate pg_type row), duplicate_table and duplicate_object.
    private static bool IsConcurrentDdl(DbException ex) => ex.SqlState is "23505" or "42P07" or "42710";

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var provider = db.Database.IsNpgsql() ? DatabaseProvider.PostgreSql : DatabaseProvider.Sqlite;
        var suffix = provider == DatabaseProvider.PostgreSql ? "postgres" : "sqlite";
        if (provider == DatabaseProvider.Sqlite)
        {
            var path = db.Database.GetDbConnection().DataSource;
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (provider == DatabaseProvider.Sqlite)
            {
                // As Open WebUI opens it, so both can share the file (openwebui-schema.md §1).
                await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;", cancellationToken);
            }

            if (provider == DatabaseProvider.PostgreSql)
            {
                // Instances starting together on an empty database would race: PostgreSQL's CREATE TABLE IF NOT EXISTS
                // is not safe against a concurrent one (a duplicate pg_type row). One instance at a time makes the schema.
                await ExecuteAsync(connection, $"SELECT pg_advisory_lock({SchemaLockKey});", cancellationToken);
            }

            var existing = await ListTablesAsync(connection, provider, cancellationToken);
            var hasOpenWebUI = existing.Contains("user") || existing.Contains("chat") || existing.Contains("alembic_version");
            await ExecuteAsync(connection, ReadScript($"switchboard.{suffix}.sql"), cancellationToken);
            if (provider == DatabaseProvider.Sqlite)
            {
                await RebuildDocumentLogAsync(connection, cancellationToken);
            }

            var created = hasOpenWebUI
                ? await db.Meta.AnyAsync(m => m.Key == CreatedMarker, cancellationToken)
                : true;
            if (!hasOpenWebUI)
            {
                await ExecuteAsync(connection, ReadScript($"openwebui.{suffix}.sql"), cancellationToken);
                // Two SQLite instances may both have found the file empty: the first marker stays.
                var at = DateTimeOffset.UtcNow.ToString("O");
                await db.Database.ExecuteSqlAsync($"INSERT INTO switchboard_meta (key, value) VALUES ({CreatedMarker}, {at}) ON CONFLICT (key) DO NOTHING", cancellationToken);
                Log.CreatedSchema(logger, Describe(options.Value));
            }
            else if (created)
            {
                // A database Switchboard made earlier: tables added by a newer Switchboard are created (IF NOT EXISTS).
                await ExecuteAsync(connection, ReadScript($"openwebui.{suffix}.sql"), cancellationToken);
            }

            existing = await ListTablesAsync(connection, provider, cancellationToken);
            var missing = RequiredTables.Where(t => !existing.Contains(t)).ToList();
            capabilities.CreatedOpenWebUISchema = created;
            capabilities.MissingTables = missing;
            capabilities.Tables = existing;
            capabilities.Ready = true;
            if (hasOpenWebUI && !created)
            {
                Log.UsingExisting(logger, Describe(options.Value));
            }

            if (missing.Count > 0)
            {
                Log.MissingTables(logger, string.Join(", ", missing));
            }
        }
        finally
        {
            if (provider == DatabaseProvider.PostgreSql)
            {
                // A session lock outlives the pooled connection's return to the pool: release it explicitly.
                await ExecuteAsync(db.Database.GetDbConnection(), $"SELECT pg_advisory_unlock({SchemaLockKey});", CancellationToken.None);
            }

            await db.Database.CloseConnectionAsync();
        }
    }

    internal static string ReadScript(string name)
    {
        using var stream = typeof(SchemaInitializer).Assembly.GetManifestResourceStream($"Switchboard.Server.Storage.Schema.{name}")
            ?? throw new InvalidOperationException($"The embedded schema script {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Describe(SwitchboardOptions options) =>
        StorageServiceCollectionExtensions.ResolveDatabase(options).ToString();

    private static async Task<HashSet<string>> ListTablesAsync(DbConnection connection, DatabaseProvider provider, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = provider == DatabaseProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        var tables = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    // A database made before the log became WITHOUT ROWID (switchboard.sqlite.sql) gets its log rebuilt once, in one
    // write transaction that looks again under the lock (another instance may have rebuilt it meanwhile): the old table
    // is set aside, the schema script (CREATE ... IF NOT EXISTS) makes the new one, and the entries are copied over.
    private static async Task RebuildDocumentLogAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        if (!await HasRowidLogAsync(connection, cancellationToken))
        {
            return;
        }

        await ExecuteAsync(connection, "BEGIN IMMEDIATE;", cancellationToken);
        try
        {
            if (await HasRowidLogAsync(connection, cancellationToken))
            {
                await ExecuteAsync(connection, "ALTER TABLE switchboard_document_update RENAME TO switchboard_document_update_rowid;", cancellationToken);
                await ExecuteAsync(connection, ReadScript("switchboard.sqlite.sql"), cancellationToken);
                await ExecuteAsync(connection, """
                    INSERT INTO switchboard_document_update (document_id, seq, data, created_at)
                        SELECT document_id, seq, data, created_at FROM switchboard_document_update_rowid;
                    DROP TABLE switchboard_document_update_rowid;
                    """, cancellationToken);
            }

            await ExecuteAsync(connection, "COMMIT;", cancellationToken);
        }
        catch
        {
            await ExecuteAsync(connection, "ROLLBACK;", CancellationToken.None);
            throw;
        }
    }

    private static async Task<bool> HasRowidLogAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'switchboard_document_update'";
        return await command.ExecuteScalarAsync(cancellationToken) is string sql && !sql.Contains("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Created Open WebUI's tables in the new database ({Database}).", EventName = "CreatedSchema")]
        public static partial void CreatedSchema(ILogger logger, string database);

        [LoggerMessage(2, LogLevel.Information, "Using the existing Open WebUI database ({Database}); its tables are not altered.", EventName = "UsingExisting")]
        public static partial void UsingExisting(ILogger logger, string database);

        [LoggerMessage(3, LogLevel.Error, "The database lacks Open WebUI tables Switchboard needs: {Tables}. Upgrade Open WebUI to 0.11 (its migrations create them); /readyz reports unhealthy until then.", EventName = "MissingTables")]
        public static partial void MissingTables(ILogger logger, string tables);

        [LoggerMessage(4, LogLevel.Warning, "Making the schema met a concurrent change (SQLSTATE {SqlState}, attempt {Attempt}); looking again.", EventName = "ConcurrentDdl")]
        public static partial void ConcurrentDdl(ILogger logger, int attempt, string sqlState);
    }
}
