using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Testing;
using Switchboard.Yjs.Document;
using Xunit.Abstractions;

namespace Switchboard.Yjs.Tests.Document;

/// <summary>
/// The C# document against npm yjs on randomized multi-client sessions (test/interop/docs-diff.mjs): same
/// content, state vector and nothing pending after the updates in delivery order and in two shuffled orders;
/// the C# full state applied in yjs gives the same content; and it is within 10% of yjs' own encoding in bytes;
/// the update missing from a peer's state vector, applied by that peer in yjs, completes its document.
/// </summary>
public class YDocDifferentialTests(ITestOutputHelper output)
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(1, 40)]
    [InlineData(2, 40)]
    public async Task ApplyUpdate_RandomSessionsInAnyOrder_SameAsYjs(int seed, int cases)
    {
        var generated = await NodeProcess.RunAsync("docs-diff.mjs", NodeTimeout, null, "generate", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), cases.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(generated.ExitCode == 0, generated.StandardError);

        var input = new StringBuilder();
        var runs = 0;
        foreach (var line in generated.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            input.Append(new JsonObject { ["case"] = JsonNode.Parse(line) }.ToJsonString()).Append('\n');
            var c = JsonNode.Parse(line)!.AsObject();
            var updates = c["updates"]!.AsArray().Select(u => Convert.FromBase64String(u!.GetValue<string>())).ToArray();
            var kinds = c["kinds"]!.AsObject().ToDictionary(
                e => e.Key,
                e => e.Value!.GetValue<string>() switch { "text" => YRootKind.Text, "map" => YRootKind.Map, "array" => YRootKind.Array, _ => YRootKind.Xml });
            var orders = c["orders"]!.AsArray();
            for (var o = 0; o < orders.Count; o++)
            {
                var order = orders[o]!.AsArray().Select(i => i!.GetValue<int>()).ToArray();
                var doc = new YDoc();
                foreach (var i in order)
                {
                    doc.ApplyUpdate(updates[i]);
                }

                var sv = new JsonObject();
                foreach (var (client, clock) in doc.StateVector)
                {
                    sv[client.ToString(System.Globalization.CultureInfo.InvariantCulture)] = clock;
                }

                var result = new JsonObject
                {
                    ["id"] = c["id"]!.GetValue<string>(),
                    ["orderIndex"] = o,
                    ["order"] = orders[o]!.DeepClone(),
                    ["content"] = doc.ReadContent(kinds),
                    ["stateVector"] = sv,
                    ["state"] = Convert.ToBase64String(doc.EncodeStateAsUpdate()),
                    ["pending"] = doc.HasPending,
                };
                if (o == 0)
                {
                    // A peer that has the first half: the part missing from its state vector completes it.
                    var half = order.Length / 2;
                    var peer = new YDoc();
                    foreach (var i in order[..half])
                    {
                        peer.ApplyUpdate(updates[i]);
                    }

                    result["half"] = half;
                    result["diff"] = Convert.ToBase64String(doc.EncodeStateAsUpdate(peer.EncodeStateVector()));
                }

                input.Append(result.ToJsonString()).Append('\n');
                runs++;
            }
        }

        var verified = await NodeProcess.RunAsync("docs-diff.mjs", NodeTimeout, input.ToString(), "verify");
        Assert.True(verified.ExitCode == 0, verified.StandardError);
        var summary = JsonNode.Parse(verified.StandardOutput)!.AsObject();
        output.WriteLine($"{runs} runs; full states C# {summary["csharpBytes"]} B, yjs {summary["yjsBytes"]} B; worst per-case ratio {summary["worstRatio"]}; byte-identical to yjs in {summary["identical"]} runs");
        Assert.Equal(runs, summary["checked"]!.GetValue<int>());
        var failures = summary["failures"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.True(failures.Count == 0, $"{summary["failureCount"]} failures:\n" + string.Join("\n", failures));
        var csharpBytes = summary["csharpBytes"]!.GetValue<double>();
        var yjsBytes = summary["yjsBytes"]!.GetValue<double>();
        Assert.True(csharpBytes <= yjsBytes * 1.10, $"C# full states {csharpBytes} B vs yjs {yjsBytes} B");
        Assert.True(summary["worstRatio"]!.GetValue<double>() <= 1.10, $"worst per-case size ratio {summary["worstRatio"]}");
    }
}
