using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Users;

public sealed class UserPostgresTests(PostgresApiServerFixture fixture) : UserSpecification(fixture), IClassFixture<PostgresApiServerFixture>, IPostgresTests;
