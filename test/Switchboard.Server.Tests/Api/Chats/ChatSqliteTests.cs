namespace Switchboard.Server.Tests.Api.Chats;

public sealed class ChatSqliteTests(SqliteApiServerFixture fixture) : ChatSpecification(fixture), IClassFixture<SqliteApiServerFixture>;
