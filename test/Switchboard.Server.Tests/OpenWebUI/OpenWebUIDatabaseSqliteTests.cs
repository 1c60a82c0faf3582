using Switchboard.Server.Configuration;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.OpenWebUI;

public sealed class OpenWebUIDatabaseSqliteTests(ITestOutputHelper output) : OpenWebUIDatabaseSpecification(DatabaseProvider.Sqlite, output);
