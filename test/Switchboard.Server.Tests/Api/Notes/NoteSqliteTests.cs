namespace Switchboard.Server.Tests.Api.Notes;

public sealed class NoteSqliteTests(SqliteApiServerFixture fixture) : NoteSpecification(fixture), IClassFixture<SqliteApiServerFixture>;
