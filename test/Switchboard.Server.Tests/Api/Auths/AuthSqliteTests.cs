namespace Switchboard.Server.Tests.Api.Auths;

public sealed class AuthSqliteTests(SqliteApiServerFixture fixture) : AuthSpecification(fixture), IClassFixture<SqliteApiServerFixture>;
