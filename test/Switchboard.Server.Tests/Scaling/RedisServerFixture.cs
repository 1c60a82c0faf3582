using Switchboard.Testing;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>One redis-server of the test class's own.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private RedisServerProcess? _server;

    internal RedisServerProcess Server => _server ?? throw new InvalidOperationException("not started (is SWITCHBOARD_TEST_REDIS_SERVER set?)");

    public async Task InitializeAsync()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS_SERVER")) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return; // the tests are skipped (RedisModeFact)
        }

        _server = await RedisServerProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
