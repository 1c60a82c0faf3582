using System.Text.Json;
using Switchboard.Testing;
using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Tests.Differential;

/// <summary>
/// JsArraySort must make V8's exact comparisons: with yjs' inconsistent merge comparator the result depends on them.
/// test/interop/yjs-sort.mjs records V8's results on random arrays (short ones sorted by binary insertion, long
/// ones by run merging and galloping).
/// </summary>
public class JsArraySortTests
{
    private sealed record Entry(int Index, long Client, long Clock, int Kind);

    [Fact]
    public async Task Sort_InconsistentYjsComparator_SameOrderAsV8()
    {
        var run = await NodeProcess.RunAsync("yjs-sort.mjs", TimeSpan.FromSeconds(180), null, "7", "1500");
        Assert.True(run.ExitCode == 0, $"yjs-sort.mjs failed ({run.ExitCode}):\n{run.StandardError}");
        var sorter = new JsArraySort<Entry>(Compare);
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1500, lines.Length);
        var failures = 0;
        var first = string.Empty;
        foreach (var line in lines)
        {
            using var json = JsonDocument.Parse(line);
            var entries = json.RootElement.GetProperty("items").EnumerateArray()
                .Select((e, i) => new Entry(i, e[0].GetInt64(), e[1].GetInt64(), e[2].GetInt32()))
                .ToArray();
            var expected = json.RootElement.GetProperty("order").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            sorter.Sort(entries, entries.Length);
            var actual = entries.Select(e => e.Index).ToArray();
            if (!actual.SequenceEqual(expected))
            {
                failures++;
                first = first.Length > 0 ? first : $"length {entries.Length}: V8 [{string.Join(',', expected)}] C# [{string.Join(',', actual)}]";
            }
        }

        Assert.True(failures == 0, $"{failures} of {lines.Length} arrays sorted differently; first: {first}");
    }

    // yjs mergeUpdatesV2's comparator on (client, clock, struct kind).
    private static int Compare(Entry a, Entry b)
    {
        if (a.Client == b.Client)
        {
            var clockDiff = a.Clock - b.Clock;
            if (clockDiff == 0)
            {
                return a.Kind == b.Kind ? 0 : a.Kind == 10 ? 1 : -1;
            }

            return Math.Sign(clockDiff);
        }

        return Math.Sign(b.Client - a.Client);
    }
}
