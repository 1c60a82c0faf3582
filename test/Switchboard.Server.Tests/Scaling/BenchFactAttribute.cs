namespace Switchboard.Server.Tests.Scaling;

/// <summary>A benchmark run as a test: skipped unless SWITCHBOARD_BENCH=1 (and a redis-server binary is known).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("SWITCHBOARD_BENCH") != "1" || string.IsNullOrEmpty(Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_REDIS_SERVER")))
        {
            Skip = "a benchmark: set SWITCHBOARD_BENCH=1 and SWITCHBOARD_TEST_REDIS_SERVER to run it";
        }
    }
}
