using Switchboard.Testing;

namespace Switchboard.Yjs.Tests.Differential;

/// <summary>
/// Generates the randomized sessions once per test class: two node processes (yjs-gen.mjs) in parallel, each
/// writing half of the cases. The number of cases is <c>SWITCHBOARD_YJS_CASES</c> (default 2000).
/// </summary>
public sealed class YjsSessionFixture : IAsyncLifetime
{
    public const int FirstSeed = 1000;

    public IReadOnlyList<YjsSessionCase> Cases { get; private set; } = [];

    public static int CaseCount =>
        int.TryParse(Environment.GetEnvironmentVariable("SWITCHBOARD_YJS_CASES"), out var n) && n > 0 ? n : 2000;

    public async Task InitializeAsync()
    {
        var total = CaseCount;
        var half = total / 2;
        var runs = await Task.WhenAll(
            NodeProcess.RunAsync("yjs-gen.mjs", TimeSpan.FromSeconds(300), null, FirstSeed.ToString(), half.ToString()),
            NodeProcess.RunAsync("yjs-gen.mjs", TimeSpan.FromSeconds(300), null, (FirstSeed + half).ToString(), (total - half).ToString()));
        var cases = new List<YjsSessionCase>(total);
        foreach (var run in runs)
        {
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"yjs-gen.mjs failed with exit code {run.ExitCode}:\n{run.StandardError}");
            }

            cases.AddRange(run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(YjsSessionCase.Parse));
        }

        if (cases.Count != total)
        {
            throw new InvalidOperationException($"yjs-gen.mjs produced {cases.Count} cases instead of {total}.");
        }

        Cases = cases;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
