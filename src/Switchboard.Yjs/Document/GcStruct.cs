namespace Switchboard.Yjs.Document;

/// <summary>Deleted, garbage-collected clocks of which nothing else is known (yjs <c>GC</c>, info byte 0).</summary>
internal sealed class GcStruct(ulong client, long clock, int length) : YStruct(client, clock, length)
{
    public override bool IsDeleted => true;
}
