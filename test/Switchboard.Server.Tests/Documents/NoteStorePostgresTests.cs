using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Documents;

public sealed class NoteStorePostgresTests(PostgresServerFixture fixture) : NoteStoreSpecification(fixture), IClassFixture<PostgresServerFixture>, IPostgresTests;
