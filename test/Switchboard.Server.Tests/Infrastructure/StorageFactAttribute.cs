using Xunit.Sdk;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>
/// A fact that runs once per database: in a test class implementing <see cref="IPostgresTests"/> it needs
/// <c>SWITCHBOARD_TEST_POSTGRES</c>, and without it is skipped with a message, or fails under <c>CI=true</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Switchboard.Server.Tests.Infrastructure.StorageFactDiscoverer", "Switchboard.Server.Tests")]
public sealed class StorageFactAttribute : FactAttribute;
