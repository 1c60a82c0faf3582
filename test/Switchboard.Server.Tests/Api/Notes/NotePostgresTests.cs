using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Notes;

public sealed class NotePostgresTests(PostgresApiServerFixture fixture) : NoteSpecification(fixture), IClassFixture<PostgresApiServerFixture>, IPostgresTests;
