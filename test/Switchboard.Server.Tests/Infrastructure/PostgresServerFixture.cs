using Switchboard.Server.Configuration;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>A server over PostgreSQL (a database of its own).</summary>
public sealed class PostgresServerFixture() : ServerFixture(DatabaseProvider.PostgreSql);
