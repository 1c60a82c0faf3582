using System.Text.Json;

namespace Switchboard.Yjs.Tests.Differential;

/// <summary>One randomized editing session from test/interop/yjs-gen.mjs with npm yjs' results.</summary>
public sealed record YjsSessionCase(
    int Seed,
    byte[][] Updates,
    byte[] MergeAll,
    int[] Subset,
    byte[] MergeSubset,
    int Prefix,
    byte[] Sv1,
    byte[] Diff1,
    byte[] Sv2,
    byte[] Diff2,
    byte[] SvAll,
    byte[] SvSubset,
    string MetaSubset,
    int[][] Chunks,
    byte[][] ChunkMerges,
    byte[] MergeOfChunks,
    byte[] DocUpdate,
    string ContentMerged,
    string ContentViaDiff)
{
    public static YjsSessionCase Parse(string line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        byte[] B(string name) => Convert.FromBase64String(root.GetProperty(name).GetString()!);
        return new YjsSessionCase(
            root.GetProperty("seed").GetInt32(),
            root.GetProperty("updates").EnumerateArray().Select(e => Convert.FromBase64String(e.GetString()!)).ToArray(),
            B("mergeAll"),
            root.GetProperty("subset").EnumerateArray().Select(e => e.GetInt32()).ToArray(),
            B("mergeSubset"),
            root.GetProperty("prefix").GetInt32(),
            B("sv1"),
            B("diff1"),
            B("sv2"),
            B("diff2"),
            B("svAll"),
            B("svSubset"),
            root.GetProperty("metaSubset").GetRawText(),
            root.GetProperty("chunks").EnumerateArray().Select(c => c.EnumerateArray().Select(e => e.GetInt32()).ToArray()).ToArray(),
            root.GetProperty("chunkMerges").EnumerateArray().Select(e => Convert.FromBase64String(e.GetString()!)).ToArray(),
            B("mergeOfChunks"),
            B("docUpdate"),
            root.GetProperty("contentMerged").GetString()!,
            root.GetProperty("contentViaDiff").GetString()!);
    }

    public IReadOnlyList<ReadOnlyMemory<byte>> AllUpdates => Updates.Select(u => (ReadOnlyMemory<byte>)u).ToArray();

    public IReadOnlyList<ReadOnlyMemory<byte>> SubsetUpdates => Subset.Select(i => (ReadOnlyMemory<byte>)Updates[i]).ToArray();
}
