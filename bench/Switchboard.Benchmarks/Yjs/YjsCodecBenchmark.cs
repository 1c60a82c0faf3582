using BenchmarkDotNet.Attributes;
using Switchboard.Yjs.Lib0;
using Switchboard.Yjs.Updates;

namespace Switchboard.Benchmarks.Yjs;

/// <summary>
/// Merging 10,000 single-keystroke updates and diffing the result against a half-way state vector, on the data
/// written by bench/node/yjs-codec-bench.mjs (which times npm yjs on the same data). Run both with
/// bench/yjs-codec.sh; the data file is passed in SWITCHBOARD_YJS_BENCH_DATA.
/// </summary>
[MemoryDiagnoser]
public class YjsCodecBenchmark
{
    private ReadOnlyMemory<byte>[] _updates = [];
    private byte[] _stateVector = [];
    private byte[] _merged = [];

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable("SWITCHBOARD_YJS_BENCH_DATA")
            ?? throw new InvalidOperationException("Set SWITCHBOARD_YJS_BENCH_DATA to the file written by bench/node/yjs-codec-bench.mjs (bench/yjs-codec.sh does).");
        var data = File.ReadAllBytes(path);
        var reader = new Lib0Reader(data);
        var count = reader.ReadCount("update count");
        _updates = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            _updates[i] = reader.ReadVarUint8Array().ToArray();
        }

        _stateVector = reader.ReadVarUint8Array().ToArray();
        _merged = YjsUpdates.Merge(_updates);
    }

    [Benchmark]
    public byte[] MergeUpdates() => YjsUpdates.Merge(_updates);

    [Benchmark]
    public byte[] DiffUpdate() => YjsUpdates.Diff(_merged, _stateVector);
}
