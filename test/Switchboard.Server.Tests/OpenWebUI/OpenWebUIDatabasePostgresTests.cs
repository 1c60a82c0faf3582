using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.OpenWebUI;

public sealed class OpenWebUIDatabasePostgresTests(ITestOutputHelper output) : OpenWebUIDatabaseSpecification(DatabaseProvider.PostgreSql, output), IPostgresTests;
