using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Auth;

public sealed class TokenValidatorSqliteTests(SqliteServerFixture fixture) : TokenValidatorSpecification(fixture), IClassFixture<SqliteServerFixture>;
