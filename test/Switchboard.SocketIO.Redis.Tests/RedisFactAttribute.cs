namespace Switchboard.SocketIO.Redis.Tests;

/// <summary>
/// A test that needs a real redis-server (SWITCHBOARD_TEST_REDIS, and for restarts SWITCHBOARD_TEST_REDIS_SERVER,
/// which test/services/redis.sh exports). Without them the test is skipped with a message, except under CI=true,
/// where it runs and fails naming what is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute(bool needsServerBinary = false)
    {
        if (RedisEnvironment.MissingReason(needsServerBinary) is { } reason && !RedisEnvironment.IsCI)
        {
            Skip = reason + " (./test.sh starts one; see test/services/redis.sh)";
        }
    }
}

/// <summary>Like <see cref="RedisFactAttribute"/>, for theories.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RedisTheoryAttribute : TheoryAttribute
{
    public RedisTheoryAttribute()
    {
        if (RedisEnvironment.MissingReason(false) is { } reason && !RedisEnvironment.IsCI)
        {
            Skip = reason + " (./test.sh starts one; see test/services/redis.sh)";
        }
    }
}
