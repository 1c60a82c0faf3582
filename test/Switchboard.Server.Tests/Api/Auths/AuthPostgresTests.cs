using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Auths;

public sealed class AuthPostgresTests(PostgresApiServerFixture fixture) : AuthSpecification(fixture), IClassFixture<PostgresApiServerFixture>, IPostgresTests;
