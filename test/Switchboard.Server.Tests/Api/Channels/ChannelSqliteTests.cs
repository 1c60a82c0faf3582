namespace Switchboard.Server.Tests.Api.Channels;

public sealed class ChannelSqliteTests(SqliteApiServerFixture fixture) : ChannelSpecification(fixture), IClassFixture<SqliteApiServerFixture>;
