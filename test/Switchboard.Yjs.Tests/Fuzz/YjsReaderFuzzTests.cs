using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Switchboard.Testing;
using Switchboard.Yjs.Document;
using Switchboard.Yjs.Lib0;
using Switchboard.Yjs.ProseMirror;
using Switchboard.Yjs.Updates;
using Xunit.Abstractions;

namespace Switchboard.Yjs.Tests.Fuzz;

/// <summary>
/// Property-based fuzzing of the Yjs update reader on every path that reads an update: the codec
/// (<see cref="UpdateDecoder"/>, <see cref="YjsUpdates"/> merge, diff, state vector, meta) and the document
/// (<see cref="YDoc.ApplyUpdate"/> on an empty document and on one holding a session). Inputs are valid updates
/// from the generators (docs-diff.mjs sessions, their merges, <see cref="ProseMirrorSeeder"/>, hand-made Json,
/// Binary and sub-document content) mutated by <see cref="UpdateMutator"/>, and random bytes. Properties: the
/// only exception is <see cref="YjsFormatException"/>; no input hangs (the run has a deadline); the bytes
/// allocated for one input stay within <see cref="BytesPerInputByte"/> per input byte plus
/// <see cref="BytesPerInputFloor"/>; a document that refused an update is unchanged.
/// The number of inputs is <c>SWITCHBOARD_YJS_FUZZ_INPUTS</c> (default 20,000 for CI; test/fuzz/README.md
/// has the documented run of 10^6) and the seed <c>SWITCHBOARD_YJS_FUZZ_SEED</c> (default 1).
/// </summary>
public class YjsReaderFuzzTests(ITestOutputHelper output)
{
    internal const long BytesPerInputByte = 256;
    internal const long BytesPerInputFloor = 32 * 1024;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(60);

    [Fact]
    public async Task EveryReader_MutatedAndRandomUpdates_OnlyYjsFormatExceptionBoundedAllocation()
    {
        var inputs = EnvInt("SWITCHBOARD_YJS_FUZZ_INPUTS", 20_000);
        var seed = EnvInt("SWITCHBOARD_YJS_FUZZ_SEED", 1);
        var corpus = await CorpusAsync();
        var run = Task.Run(() => Run(corpus, inputs, seed));
        var stats = await run.WaitAsync(Deadline);
        output.WriteLine(stats.ToString());
        Assert.True(stats.Failures.Count == 0, $"{stats.Failures.Count} failures:\n" + string.Join("\n", stats.Failures.Take(10)));
        Assert.Equal(inputs, stats.Inputs);
        Assert.True(stats.Refused > inputs / 4 && stats.Accepted > inputs / 100, stats.ToString());
    }

    private static FuzzStats Run(IReadOnlyList<byte[]> corpus, int inputs, int seed)
    {
        var random = new Random(seed);
        var stats = new FuzzStats();
        var session = corpus[0];
        var sv = YjsUpdates.EncodeStateVectorFromUpdate(session);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < inputs; i++)
        {
            var input = random.Next(10) == 0
                ? UpdateMutator.RandomBytes(random, 64)
                : UpdateMutator.Mutate(corpus[random.Next(corpus.Count)], random);
            stats.Inputs++;
            stats.Bytes += input.Length;
            var started = watch.Elapsed;
            Check(stats, "Decode", input, () => UpdateEncoder.Encode(UpdateDecoder.Decode(input)));
            Check(stats, "Merge", input, () => YjsUpdates.Merge([input, input]));
            Check(stats, "Diff", input, () => YjsUpdates.Diff(input, sv));
            Check(stats, "EncodeStateVectorFromUpdate", input, () => YjsUpdates.EncodeStateVectorFromUpdate(input));
            Check(stats, "ParseUpdateMeta", input, () => YjsUpdates.ParseUpdateMeta(input));
            var accepted = Check(stats, "YDoc.ApplyUpdate", input, () => new YDoc().ApplyUpdate(input));
            if (random.Next(8) == 0)
            {
                // On a document holding a session, refusing must leave it exactly as it was.
                var doc = new YDoc();
                doc.ApplyUpdate(session);
                var before = doc.EncodeStateAsUpdate();
                try
                {
                    doc.ApplyUpdate(input);
                }
                catch (YjsFormatException)
                {
                    if (!doc.EncodeStateAsUpdate().AsSpan().SequenceEqual(before))
                    {
                        stats.Failures.Add($"YDoc(session).ApplyUpdate({Hex.Of(input)}): refused but the document changed");
                    }
                }
                catch (Exception e)
                {
                    stats.Failures.Add($"YDoc(session).ApplyUpdate({Hex.Of(input)}): {e.GetType().Name}: {e.Message}");
                }
            }

            if (accepted)
            {
                stats.Accepted++;
            }
            else
            {
                stats.Refused++;
            }

            if (i >= 100 && watch.Elapsed - started > stats.SlowestInput)
            {
                // Reported, never asserted (timing on a shared machine); the first inputs pay for JIT.
                stats.SlowestInput = watch.Elapsed - started;
                stats.SlowestInputBytes = input.Length;
            }
        }

        stats.Elapsed = watch.Elapsed;
        return stats;
    }

    private static bool Check(FuzzStats stats, string name, byte[] input, Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var ok = false;
        try
        {
            action();
            ok = true;
        }
        catch (YjsFormatException)
        {
        }
        catch (Exception e)
        {
            stats.Failures.Add($"{name}({Hex.Of(input)}): {e.GetType().Name}: {e.Message}");
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var bound = (BytesPerInputByte * input.Length) + BytesPerInputFloor;
        if (allocated > bound)
        {
            stats.Failures.Add($"{name}({Hex.Of(input)}): allocated {allocated} B for {input.Length} input bytes (bound {bound})");
        }

        if (input.Length >= 256 && allocated > stats.WorstBytesPerByte * input.Length)
        {
            stats.WorstBytesPerByte = allocated / input.Length;
            stats.WorstAllocation = $"{name}, {input.Length} B in, {allocated} B allocated";
        }

        return ok;
    }

    /// <summary>Valid updates to mutate: the first is a whole session (also the state of the document fuzzed on).</summary>
    internal static async Task<IReadOnlyList<byte[]>> CorpusAsync()
    {
        var generated = await NodeProcess.RunAsync("docs-diff.mjs", TimeSpan.FromSeconds(120), null, "generate", "11", "6");
        Assert.True(generated.ExitCode == 0, generated.StandardError);
        var corpus = new List<byte[]>();
        var sessions = new List<byte[]>();
        foreach (var line in generated.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var updates = JsonNode.Parse(line)!["updates"]!.AsArray().Select(u => Convert.FromBase64String(u!.GetValue<string>())).ToArray();
            sessions.Add(YjsUpdates.Merge(updates.Select(u => (ReadOnlyMemory<byte>)u).ToArray()));
            corpus.AddRange(updates.Where((_, i) => i % 3 == 0));
        }

        corpus.InsertRange(0, sessions);
        corpus.Add(ProseMirrorSeeder.CreateUpdate(ProseMirrorNode.Parse("""{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"a😀","marks":[{"type":"bold"}]}]}]}""")));
        corpus.Add(HandMade());
        return corpus;
    }

    // Client 7: in root map "m", key "j" → Json ["1", "undefined"], key "b" → Binary [1 2 3], key "d" → sub-document
    // "g" with options {gc: true}; then a delete of clock 1.
    private static byte[] HandMade()
    {
        var w = new Lib0Writer();
        w.WriteVarUInt(1);
        w.WriteVarUInt(3);
        w.WriteVarUInt(7);
        w.WriteVarUInt(0);
        foreach (var (key, info) in new[] { ("j", 0x22), ("b", 0x23), ("d", 0x29) })
        {
            w.WriteByte((byte)info);
            w.WriteVarUInt(1);
            w.WriteVarString("m");
            w.WriteVarString(key);
            switch (key)
            {
                case "j":
                    w.WriteVarUInt(2);
                    w.WriteVarString("1");
                    w.WriteVarString("undefined");
                    break;
                case "b":
                    w.WriteVarUint8Array([1, 2, 3]);
                    break;
                default:
                    w.WriteVarString("g");
                    w.WriteAny(AnyValue.FromObject([new("gc", AnyValue.True)]));
                    break;
            }
        }

        w.WriteVarUInt(1);
        w.WriteVarUInt(7);
        w.WriteVarUInt(1);
        w.WriteVarUInt(1);
        w.WriteVarUInt(1);
        return w.ToArray();
    }

    private static int EnvInt(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : fallback;

    private sealed class FuzzStats
    {
        public int Inputs { get; set; }

        public long Bytes { get; set; }

        public int Accepted { get; set; }

        public int Refused { get; set; }

        public long WorstBytesPerByte { get; set; }

        public string WorstAllocation { get; set; } = "none";

        public TimeSpan SlowestInput { get; set; }

        public int SlowestInputBytes { get; set; }

        public TimeSpan Elapsed { get; set; }

        public List<string> Failures { get; } = [];

        public override string ToString() =>
            $"{Inputs} inputs ({Bytes} bytes), each through 6 readers (and 1 in 8 on a session document): the document accepted {Accepted}, refused {Refused}; " +
            $"failures {Failures.Count}; worst allocation for inputs of 256 B or more {WorstBytesPerByte} B per input byte ({WorstAllocation}); " +
            $"slowest input after warm-up {SlowestInput.TotalMilliseconds:F1} ms ({SlowestInputBytes} B, all readers); {Elapsed.TotalSeconds:F0} s";
    }
}
