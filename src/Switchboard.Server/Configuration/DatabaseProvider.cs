namespace Switchboard.Server.Configuration;

/// <summary>The database engines Switchboard stores Open WebUI's tables in.</summary>
public enum DatabaseProvider
{
    /// <summary>SQLite, a file (Open WebUI's default <c>webui.db</c>).</summary>
    Sqlite,

    /// <summary>PostgreSQL.</summary>
    PostgreSql,
}
