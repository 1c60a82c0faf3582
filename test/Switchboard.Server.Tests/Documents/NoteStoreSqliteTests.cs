using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Documents;

public sealed class NoteStoreSqliteTests(SqliteServerFixture fixture) : NoteStoreSpecification(fixture), IClassFixture<SqliteServerFixture>;
