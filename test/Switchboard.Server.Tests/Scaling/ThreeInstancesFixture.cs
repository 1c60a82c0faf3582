namespace Switchboard.Server.Tests.Scaling;

/// <summary>Three instances (A in this process, B and C as processes) shared by the tests of a class; each test uses fresh users.</summary>
public sealed class ThreeInstancesFixture : IAsyncLifetime
{
    private RedisModeCluster? _cluster;

    internal RedisModeCluster Cluster => _cluster ?? throw new InvalidOperationException("not started (is SWITCHBOARD_TEST_REDIS_SERVER set?)");

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS_SERVER")) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return; // the tests are skipped (RedisModeFact)
        }

        _cluster = await RedisModeCluster.StartAsync(processes: 2);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
