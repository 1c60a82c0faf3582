using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Switchboard.Server.Configuration;

/// <summary>
/// Open WebUI's <c>DATABASE_URL</c> as a provider and an ADO.NET connection string:
/// <c>sqlite:///relative/path.db</c>, <c>sqlite:////absolute/path.db</c>, <c>postgres://</c> or
/// <c>postgresql[+driver]://user:password@host:port/database?sslmode=...</c>; an Npgsql connection string
/// (<c>Host=...;Database=...</c>) is accepted too.
/// </summary>
public sealed record DatabaseUrl(DatabaseProvider Provider, string ConnectionString, string? SqlitePath)
{
    /// <summary>The default database: SQLite <c>webui.db</c> in <paramref name="dataDir"/>.</summary>
    public static DatabaseUrl Default(string dataDir) => ForSqliteFile(Path.Combine(dataDir, "webui.db"));

    /// <summary>Parses <paramref name="url"/>; relative SQLite paths resolve against the working folder, as in Open WebUI.</summary>
    public static bool TryParse(string url, string dataDir, [NotNullWhen(true)] out DatabaseUrl? result, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(url);
        result = null;
        error = null;
        var text = url.Trim();
        if (text.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase))
        {
            var path = Uri.UnescapeDataString(text["sqlite:///".Length..]);
            var query = path.IndexOf('?', StringComparison.Ordinal);
            path = query >= 0 ? path[..query] : path;
            if (path.Length == 0)
            {
                error = "sqlite:/// needs a file path";
                return false;
            }

            result = ForSqliteFile(path);
            return true;
        }

        if (text.StartsWith("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            error = "only sqlite:///<file> is supported for SQLite (no in-memory or SQLCipher databases)";
            return false;
        }

        if (text.Contains("://", StringComparison.Ordinal))
        {
            return TryParsePostgresUrl(text, out result, out error);
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(text);
            if (string.IsNullOrEmpty(builder.Host))
            {
                error = "expected a URL such as postgresql://user:password@host:5432/db or sqlite:///data/webui.db";
                return false;
            }

            result = new DatabaseUrl(DatabaseProvider.PostgreSql, builder.ConnectionString, null);
            return true;
        }
        catch (ArgumentException)
        {
            error = "expected a URL such as postgresql://user:password@host:5432/db or sqlite:///data/webui.db";
            return false;
        }
    }

    /// <summary>The URL with any password hidden, for logs.</summary>
    public override string ToString() => Provider == DatabaseProvider.Sqlite
        ? $"SQLite {SqlitePath}"
        : $"PostgreSQL {new NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }.ConnectionString}";

    private static DatabaseUrl ForSqliteFile(string path)
    {
        var full = Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, Cache = SqliteCacheMode.Default };
        return new DatabaseUrl(DatabaseProvider.Sqlite, builder.ConnectionString, full);
    }

    private static bool TryParsePostgresUrl(string text, [NotNullWhen(true)] out DatabaseUrl? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        error = null;
        var scheme = text[..text.IndexOf("://", StringComparison.Ordinal)].ToLowerInvariant();
        var plus = scheme.IndexOf('+', StringComparison.Ordinal);
        var engine = plus >= 0 ? scheme[..plus] : scheme;
        if (engine is not ("postgres" or "postgresql"))
        {
            error = $"the '{scheme}' database is not supported (SQLite or PostgreSQL)";
            return false;
        }

        if (!Uri.TryCreate("postgresql" + text[text.IndexOf("://", StringComparison.Ordinal)..], UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            error = "not a valid postgresql://user:password@host:port/database URL";
            return false;
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon >= 0 ? uri.UserInfo[..colon] : uri.UserInfo);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq >= 0 ? pair[..eq] : pair);
            var value = eq >= 0 ? Uri.UnescapeDataString(pair[(eq + 1)..]) : "";
            if (key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) && Enum.TryParse<SslMode>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode))
            {
                builder.SslMode = mode;
            }
        }

        result = new DatabaseUrl(DatabaseProvider.PostgreSql, builder.ConnectionString, null);
        return true;
    }
}
