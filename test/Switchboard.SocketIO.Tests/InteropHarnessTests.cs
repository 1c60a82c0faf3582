using Switchboard.Testing;

namespace Switchboard.SocketIO.Tests;

public class InteropHarnessTests
{
    [Fact]
    public async Task NodeScript_ReportsPinnedClientVersions()
    {
        var result = await NodeProcess.RunAsync("node-version.mjs", TimeSpan.FromSeconds(20));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("engine.io-client 6.6.", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("socket.io-client 4.8.", result.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("yjs 13.6.", result.StandardOutput, StringComparison.Ordinal);
    }
}
