using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Chat;

public sealed class ChatStoreSqliteTests(SqliteServerFixture fixture) : ChatStoreSpecification(fixture), IClassFixture<SqliteServerFixture>;
