namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>Waits for a condition that another thread makes true (bounded by the default timeout).</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TaskTimeoutExtensions.Default;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within the default timeout.");
            await Task.Delay(5);
        }
    }
}
