using Xunit.Abstractions;
using Xunit.Sdk;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Discovers <see cref="StorageFactAttribute"/> tests, skipping PostgreSQL ones when no server is configured (outside CI).</summary>
public sealed class StorageFactDiscoverer(IMessageSink diagnosticMessageSink) : FactDiscoverer(diagnosticMessageSink)
{
    protected override IXunitTestCase CreateTestCase(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var type = testMethod.TestClass.Class.ToRuntimeType();
        if (typeof(IPostgresTests).IsAssignableFrom(type) && PostgresServer.ConnectionString is null && !PostgresServer.RequiredByCI)
        {
            return new XunitSkippedDataRowTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod,
                "SWITCHBOARD_TEST_POSTGRES is not set (./test.sh starts PostgreSQL and sets it)");
        }

        return base.CreateTestCase(discoveryOptions, testMethod, factAttribute);
    }
}
