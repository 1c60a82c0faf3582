using System.Text;
using System.Text.Json;
using Switchboard.Testing;
using Switchboard.Yjs.Updates;

namespace Switchboard.Yjs.Tests.Differential;

/// <summary>
/// Compares the C# merge/diff/state-vector functions byte for byte with npm yjs 13.6 on thousands of randomized
/// multi-client sessions (test/interop/yjs-gen.mjs), then applies the C# results in yjs (yjs-apply.mjs).
/// </summary>
public class YjsDifferentialTests(YjsSessionFixture fixture) : IClassFixture<YjsSessionFixture>
{
    private const int MaxReported = 5;

    [Fact]
    public void Merge_RandomSessions_ByteIdenticalToYjs()
    {
        var failures = new List<string>();
        foreach (var c in fixture.Cases)
        {
            Compare(failures, c, "mergeUpdates(all)", c.MergeAll, () => YjsUpdates.Merge(c.AllUpdates));
            Compare(failures, c, "mergeUpdates(subset)", c.MergeSubset, () => YjsUpdates.Merge(c.SubsetUpdates));
            for (var i = 0; i < c.Chunks.Length; i++)
            {
                var (from, to) = (c.Chunks[i][0], c.Chunks[i][1]);
                Compare(failures, c, $"mergeUpdates(updates[{from}..{to}])", c.ChunkMerges[i], () => YjsUpdates.Merge(c.AllUpdates.Skip(from).Take(to - from).ToArray()));
            }

            var reversed = c.ChunkMerges.Reverse().Select(m => (ReadOnlyMemory<byte>)m).ToArray();
            Compare(failures, c, "mergeUpdates(chunk merges reversed)", c.MergeOfChunks, () => YjsUpdates.Merge(reversed));
        }

        AssertNoFailures(failures);
    }

    [Fact]
    public void Diff_RandomSessions_ByteIdenticalToYjs()
    {
        var failures = new List<string>();
        foreach (var c in fixture.Cases)
        {
            Compare(failures, c, "diffUpdate(all, sv1)", c.Diff1, () => YjsUpdates.Diff(c.MergeAll, c.Sv1));
            Compare(failures, c, "diffUpdate(subset, sv2)", c.Diff2, () => YjsUpdates.Diff(c.MergeSubset, c.Sv2));
        }

        AssertNoFailures(failures);
    }

    [Fact]
    public void EncodeStateVectorFromUpdate_RandomSessions_ByteIdenticalToYjs()
    {
        var failures = new List<string>();
        foreach (var c in fixture.Cases)
        {
            Compare(failures, c, "encodeStateVectorFromUpdate(all)", c.SvAll, () => YjsUpdates.EncodeStateVectorFromUpdate(c.MergeAll));
            Compare(failures, c, "encodeStateVectorFromUpdate(subset)", c.SvSubset, () => YjsUpdates.EncodeStateVectorFromUpdate(c.MergeSubset));
        }

        AssertNoFailures(failures);
    }

    [Fact]
    public void ParseUpdateMeta_RandomSessions_SameAsYjs()
    {
        var failures = new List<string>();
        foreach (var c in fixture.Cases)
        {
            var meta = YjsUpdates.ParseUpdateMeta(c.MergeSubset);
            var actual = JsonSerializer.Serialize(new
            {
                from = meta.From.Select(e => new[] { e.Key, e.Value }),
                to = meta.To.Select(e => new[] { e.Key, e.Value }),
            });
            if (actual != c.MetaSubset)
            {
                failures.Add($"seed {c.Seed} parseUpdateMeta(subset): yjs {c.MetaSubset} C# {actual}");
            }
        }

        AssertNoFailures(failures);
    }

    [Fact]
    public void DecodeEncode_EveryYjsUpdate_SameBytes()
    {
        var failures = new List<string>();
        var count = 0;
        foreach (var c in fixture.Cases)
        {
            foreach (var update in c.Updates.Concat(c.ChunkMerges).Concat([c.MergeAll, c.MergeSubset, c.MergeOfChunks, c.Diff1, c.Diff2, c.DocUpdate]))
            {
                count++;
                Compare(failures, c, "encode(decode(update))", update, () => UpdateEncoder.Encode(UpdateDecoder.Decode(update)));
            }
        }

        AssertNoFailures(failures);
        Assert.True(count > fixture.Cases.Count * 5, $"only {count} updates checked");
    }

    [Fact]
    public async Task CSharpResults_AppliedInYjs_GiveSameDocument()
    {
        var input = new StringBuilder();
        foreach (var c in fixture.Cases)
        {
            var merged = YjsUpdates.Merge(c.AllUpdates);
            var diff = YjsUpdates.Diff(merged, c.Sv1);
            input.AppendLine(JsonSerializer.Serialize(new
            {
                merged = Convert.ToBase64String(merged),
                prefix = c.Updates.Take(c.Prefix).Select(Convert.ToBase64String),
                diff = Convert.ToBase64String(diff),
            }));
        }

        var run = await NodeProcess.RunAsync("yjs-apply.mjs", TimeSpan.FromSeconds(300), input.ToString());
        Assert.True(run.ExitCode == 0, $"yjs-apply.mjs failed ({run.ExitCode}):\n{run.StandardError}");
        var lines = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(fixture.Cases.Count, lines.Length);
        var failures = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            using var json = JsonDocument.Parse(lines[i]);
            var c = fixture.Cases[i];
            foreach (var (field, expected) in new[] { ("merged", c.ContentMerged), ("viaDiff", c.ContentViaDiff) })
            {
                var actual = json.RootElement.GetProperty(field).GetString();
                if (actual != expected)
                {
                    failures.Add($"seed {c.Seed} {field}: yjs content differs\n  expected {expected}\n  actual   {actual}");
                }
            }
        }

        AssertNoFailures(failures);
    }

    [Fact]
    public void EveryEntryPoint_MutatedYjsUpdates_OnlyYjsFormatException()
    {
        // Hostile input: yjs updates with bytes flipped, inserted, removed or cut off. Whatever happens, the only
        // exception allowed out is YjsFormatException (no IndexOutOfRange, Overflow, InvalidCast, ...).
        var random = new Random(4242);
        var unexpected = new List<string>();
        var rejected = 0;
        var inputs = 0;
        foreach (var c in fixture.Cases.Take(400))
        {
            foreach (var original in new[] { c.MergeAll, c.MergeSubset, c.Updates[random.Next(c.Updates.Length)] })
            {
                for (var i = 0; i < 6; i++)
                {
                    var mutated = UpdateMutator.Mutate(original, random);
                    inputs++;
                    foreach (var (name, action) in EntryPoints(mutated, c))
                    {
                        try
                        {
                            action();
                        }
                        catch (YjsFormatException)
                        {
                            rejected++;
                        }
                        catch (Exception e)
                        {
                            unexpected.Add($"seed {c.Seed} {name}({Hex.Of(mutated)}): {e.GetType().Name}: {e.Message}");
                        }
                    }
                }
            }
        }

        Assert.True(unexpected.Count == 0, $"{unexpected.Count} unexpected exceptions over {inputs} inputs:\n" + string.Join("\n", unexpected.Take(MaxReported)));
        Assert.True(rejected > inputs, $"only {rejected} rejections over {inputs} mutated inputs");
    }

    private static IEnumerable<(string Name, Action Action)> EntryPoints(byte[] mutated, YjsSessionCase c)
    {
        yield return ("Decode", () => UpdateEncoder.Encode(UpdateDecoder.Decode(mutated)));
        yield return ("Merge", () => YjsUpdates.Merge([c.Updates[0], mutated]));
        yield return ("Diff", () => YjsUpdates.Diff(mutated, c.Sv1));
        yield return ("Diff(sv)", () => YjsUpdates.Diff(c.MergeAll, mutated));
        yield return ("EncodeStateVectorFromUpdate", () => YjsUpdates.EncodeStateVectorFromUpdate(mutated));
        yield return ("ParseUpdateMeta", () => YjsUpdates.ParseUpdateMeta(mutated));
    }

    private static void Compare(List<string> failures, YjsSessionCase c, string what, byte[] expected, Func<byte[]> actual)
    {
        try
        {
            var bytes = actual();
            if (!bytes.AsSpan().SequenceEqual(expected))
            {
                failures.Add($"seed {c.Seed} {what}: bytes differ\n  yjs {Hex.Of(expected)}\n  C#  {Hex.Of(bytes)}");
            }
        }
        catch (YjsFormatException e)
        {
            failures.Add($"seed {c.Seed} {what}: threw {e.Message}");
        }
    }

    private void AssertNoFailures(List<string> failures)
    {
        Assert.True(
            failures.Count == 0,
            $"{failures.Count} mismatches over {fixture.Cases.Count} cases (regenerate with: node test/interop/yjs-gen.mjs <seed> 1):\n"
                + string.Join("\n", failures.Take(MaxReported)));
    }
}
