using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Access;

public sealed class AccessControlSqliteTests(SqliteServerFixture fixture) : AccessControlSpecification(fixture), IClassFixture<SqliteServerFixture>;
