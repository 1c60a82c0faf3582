using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Chat;

public sealed class ChatStorePostgresTests(PostgresServerFixture fixture) : ChatStoreSpecification(fixture), IClassFixture<PostgresServerFixture>, IPostgresTests;
