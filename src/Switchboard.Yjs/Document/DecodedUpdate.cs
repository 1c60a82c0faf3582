namespace Switchboard.Yjs.Document;

/// <summary>An update read into unintegrated structs, per client in clock order (Skips dropped), and its delete set.</summary>
internal sealed class DecodedUpdate(Dictionary<ulong, List<YStruct>> structs, DeleteSet deleteSet)
{
    public Dictionary<ulong, List<YStruct>> Structs { get; } = structs;

    public DeleteSet DeleteSet { get; } = deleteSet;
}
