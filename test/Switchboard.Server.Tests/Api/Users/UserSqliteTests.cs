namespace Switchboard.Server.Tests.Api.Users;

public sealed class UserSqliteTests(SqliteApiServerFixture fixture) : UserSpecification(fixture), IClassFixture<SqliteApiServerFixture>;
