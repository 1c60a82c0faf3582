using Switchboard.Server.Configuration;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>A server over SQLite.</summary>
public sealed class SqliteServerFixture() : ServerFixture(DatabaseProvider.Sqlite);
