namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// A test of Redis mode: it starts a redis-server of its own (SWITCHBOARD_TEST_REDIS_SERVER, which
/// test/services/redis.sh exports) and Switchboard.Server processes. Skipped with a message without the variable,
/// except under CI=true, where it runs and fails naming what is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisModeFactAttribute : FactAttribute
{
    public RedisModeFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS_SERVER")) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "SWITCHBOARD_TEST_REDIS_SERVER is not set (./test.sh exports it; see test/services/redis.sh)";
        }
    }
}
