using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Auth;

public sealed class TokenValidatorPostgresTests(PostgresServerFixture fixture) : TokenValidatorSpecification(fixture), IClassFixture<PostgresServerFixture>, IPostgresTests;
