using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Chats;

public sealed class ChatPostgresTests(PostgresApiServerFixture fixture) : ChatSpecification(fixture), IClassFixture<PostgresApiServerFixture>, IPostgresTests;
