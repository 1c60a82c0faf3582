using Switchboard.Yjs.Document;
using Switchboard.Yjs.Updates;
using Xunit;

namespace PackageConsumer;

public class YjsTests
{
    // Made with npm yjs 13.6: client 1 inserts "hello" into text "t" (Y.encodeStateAsUpdate), client 2, synced
    // with it, appends " world" (the update since client 1's state vector), and Y.mergeUpdates([first, second]).
    private static readonly byte[] First = Convert.FromHexString("01010100040101740568656c6c6f00");
    private static readonly byte[] Second = Convert.FromHexString("010102008401040620776f726c6400");
    private static readonly byte[] MergedByYjs = Convert.FromHexString("020102008401040620776f726c64010100040101740568656c6c6f00");

    [Fact]
    public void Merge_TwoClientUpdates_MatchesYjsAndReadsAsOneText()
    {
        var merged = YjsUpdates.Merge([First, Second]);
        Assert.Equal(MergedByYjs, merged);

        var doc = new YDoc();
        doc.ApplyUpdate(merged);
        Assert.Equal("hello world", doc.GetText("t"));
        Assert.False(doc.HasPending);
    }
}
