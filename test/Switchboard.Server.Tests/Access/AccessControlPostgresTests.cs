using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Access;

public sealed class AccessControlPostgresTests(PostgresServerFixture fixture) : AccessControlSpecification(fixture), IClassFixture<PostgresServerFixture>, IPostgresTests;
