using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Testing;
using Switchboard.Yjs.Document;
using Switchboard.Yjs.Updates;
using Xunit.Abstractions;

namespace Switchboard.Yjs.Tests.Document;

/// <summary>
/// Malformed updates on the document path against npm yjs' own acceptance (test/interop/docs-diff.mjs
/// <c>malformed</c>): updates of randomized sessions, mutated, applied after the updates before them. What yjs
/// refuses, <see cref="YDoc.ApplyUpdate"/> refuses without changing anything; what yjs accepts (and can still
/// encode and re-read), the document accepts with the same content and state vector, unless it refuses by one
/// of the stricter rules in <see cref="StricterThanYjs"/>; whatever the document accepts encodes a state that
/// yjs and <see cref="UpdateDecoder"/> read.
/// </summary>
public class YDocMalformedDifferentialTests(ITestOutputHelper output)
{
    /// <summary>
    /// Where Switchboard.Yjs deliberately refuses input that yjs 13.6 takes (message fragments): bytes after the
    /// delete set, over-long varints, parent info other than 0/1, flag bits on GC/Skip info bytes, zero lengths
    /// and empty client groups, nesting over the limits, sub-document options that are not an object, references
    /// to a later clock of the item's own client (yjs fails on them once it integrates the item), and the size
    /// and pending limits.
    /// </summary>
    internal static readonly string[] StricterThanYjs =
    [
        "trailing bytes", "not minimally encoded", "Parent info", "flag bits", "has length 0", "has no structs",
        "nested deeper", "maximum configured depth", "not an Any object", "own client's later clock", "2^53-1", "limit",
        "Unknown content ref 10",
    ];

    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(3, 25, 10)]
    public async Task ApplyUpdate_MutatedSessionUpdates_RefusedExactlyWhenYjsRefuses(int seed, int cases, int perCase)
    {
        var generated = await NodeProcess.RunAsync("docs-diff.mjs", NodeTimeout, null, "generate", seed.ToString(CultureInfo.InvariantCulture), cases.ToString(CultureInfo.InvariantCulture));
        Assert.True(generated.ExitCode == 0, generated.StandardError);
        var random = new Random(seed);
        var input = new StringBuilder();
        var local = new List<string>();
        var (accepted, refused) = (0, 0);
        foreach (var line in generated.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            input.Append(new JsonObject { ["case"] = JsonNode.Parse(line) }.ToJsonString()).Append('\n');
            var c = JsonNode.Parse(line)!.AsObject();
            var updates = c["updates"]!.AsArray().Select(u => Convert.FromBase64String(u!.GetValue<string>())).ToArray();
            var kinds = c["kinds"]!.AsObject().ToDictionary(e => e.Key, e => Enum.Parse<YRootKind>(e.Value!.GetValue<string>(), ignoreCase: true));
            for (var m = 0; m < perCase; m++)
            {
                var prefix = random.Next(updates.Length);
                var mutated = UpdateMutator.Mutate(updates[prefix], random);
                var doc = new YDoc();
                foreach (var u in updates[..prefix])
                {
                    doc.ApplyUpdate(u);
                }

                var before = doc.EncodeStateAsUpdate();
                var verdict = new JsonObject();
                try
                {
                    doc.ApplyUpdate(mutated);
                    accepted++;
                    var state = doc.EncodeStateAsUpdate();
                    verdict["accepted"] = true;
                    verdict["state"] = Convert.ToBase64String(state);
                    var content = doc.ReadContent(kinds);
                    foreach (var name in content.Select(e => e.Key).Where(n => !kinds.ContainsKey(n)).ToList())
                    {
                        content.Remove(name); // yjs reads the session's roots only.
                    }

                    verdict["content"] = content;
                    var sv = new JsonObject();
                    foreach (var (client, clock) in doc.StateVector)
                    {
                        sv[client.ToString(CultureInfo.InvariantCulture)] = clock;
                    }

                    verdict["stateVector"] = sv;
                    try
                    {
                        UpdateDecoder.Decode(state);
                    }
                    catch (YjsFormatException e)
                    {
                        local.Add($"{Hex.Of(mutated)}: accepted, then its state does not decode: {e.Message}");
                    }
                }
                catch (YjsFormatException e)
                {
                    refused++;
                    verdict["accepted"] = false;
                    verdict["message"] = e.Message;
                    verdict["strict"] = StricterThanYjs.Any(s => e.Message.Contains(s, StringComparison.Ordinal));
                    if (!doc.EncodeStateAsUpdate().AsSpan().SequenceEqual(before))
                    {
                        local.Add($"{Hex.Of(mutated)}: refused ({e.Message}) but the document changed");
                    }
                }

                var result = new JsonObject
                {
                    ["id"] = c["id"]!.GetValue<string>(),
                    ["prefix"] = prefix,
                    ["mutated"] = Convert.ToBase64String(mutated),
                    ["csharp"] = verdict,
                };
                input.Append(result.ToJsonString()).Append('\n');
            }
        }

        var verified = await NodeProcess.RunAsync("docs-diff.mjs", NodeTimeout, input.ToString(), "malformed");
        Assert.True(verified.ExitCode == 0, verified.StandardError);
        var summary = JsonNode.Parse(verified.StandardOutput)!.AsObject();
        output.WriteLine($"C# accepted {accepted}, refused {refused}; yjs: {summary.ToJsonString()}");
        Assert.True(local.Count == 0, string.Join("\n", local.Take(10)));
        var failures = summary["failures"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        Assert.True(failures.Count == 0, $"{summary["failureCount"]} failures:\n" + string.Join("\n", failures));
        Assert.Equal(cases * perCase, summary["checked"]!.GetValue<int>());
        Assert.True(summary["yjsRejected"]!.GetValue<int>() > cases, summary.ToJsonString());
        Assert.True(summary["bothAccepted"]!.GetValue<int>() >= cases / 2, summary.ToJsonString());
    }
}
