namespace Switchboard.SocketIO.Redis.Tests;

/// <summary>The Redis the tests use, from the variables test/services/redis.sh exports.</summary>
internal static class RedisEnvironment
{
    public static bool IsCI => Environment.GetEnvironmentVariable("CI") == "true";

    /// <summary>redis://127.0.0.1:PORT of the shared test server.</summary>
    public static string Url => Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS") is { Length: > 0 } url
        ? url
        : throw new InvalidOperationException("SWITCHBOARD_TEST_REDIS is not set: run ./test.sh, which starts redis-server (test/services/redis.sh).");

    /// <summary>The redis-server binary, for tests that start and stop a server of their own.</summary>
    public static string ServerBinary => Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS_SERVER") is { Length: > 0 } path
        ? path
        : throw new InvalidOperationException("SWITCHBOARD_TEST_REDIS_SERVER is not set: run ./test.sh, which exports it (test/services/redis.sh).");

    public static string? MissingReason(bool needsServerBinary)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS")))
        {
            return "SWITCHBOARD_TEST_REDIS is not set";
        }

        return needsServerBinary && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS_SERVER"))
            ? "SWITCHBOARD_TEST_REDIS_SERVER is not set"
            : null;
    }

    /// <summary>A channel prefix no other test (or helper sharing the server) uses.</summary>
    public static string UniquePrefix() => "sbtest-" + Guid.NewGuid().ToString("N")[..10];
}
