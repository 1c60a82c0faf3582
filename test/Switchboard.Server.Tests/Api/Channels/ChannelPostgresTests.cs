using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Channels;

public sealed class ChannelPostgresTests(PostgresApiServerFixture fixture) : ChannelSpecification(fixture), IClassFixture<PostgresApiServerFixture>, IPostgresTests;
