using Switchboard.Yjs.Document;
using Switchboard.Yjs.Lib0;

namespace Switchboard.Yjs.Tests.Document;

public class YDocLimitsTests
{
    // yjs-format.md §2.5, client 1: "a" into root text "t", then "b" after it.
    private static readonly byte[] InsertA = [0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x01, 0x61, 0x00];
    private static readonly byte[] InsertBAfterA = [0x01, 0x01, 0x01, 0x01, 0x84, 0x01, 0x00, 0x01, 0x62, 0x00];

    /// <summary>One string item "x" at the start of root "t" per (client, clock), one group each; no deletes.</summary>
    private static byte[] Inserts(params (ulong Client, ulong Clock)[] structs)
    {
        var w = new Lib0Writer();
        w.WriteVarUInt((ulong)structs.Length);
        foreach (var (client, clock) in structs)
        {
            w.WriteVarUInt(1);
            w.WriteVarUInt(client);
            w.WriteVarUInt(clock);
            w.WriteByte(0x04);
            w.WriteVarUInt(1);
            w.WriteVarString("t");
            w.WriteVarString("x");
        }

        w.WriteVarUInt(0);
        return w.ToArray();
    }

    /// <summary>An update with no structs and the given delete ranges, one client entry each.</summary>
    private static byte[] Deletes(params (ulong Client, ulong Clock, ulong Length)[] ranges)
    {
        var w = new Lib0Writer();
        w.WriteVarUInt(0);
        w.WriteVarUInt((ulong)ranges.Length);
        foreach (var (client, clock, length) in ranges)
        {
            w.WriteVarUInt(client);
            w.WriteVarUInt(1);
            w.WriteVarUInt(clock);
            w.WriteVarUInt(length);
        }

        return w.ToArray();
    }

    private static void AssertRefusedUnchanged(YDoc doc, byte[] update, string limit)
    {
        var state = doc.EncodeStateAsUpdate(); // content, state vector and pending structs/deletes
        var sv = doc.StateVector.ToDictionary();
        var text = doc.GetText("t");
        var pending = doc.HasPending;
        var e = Assert.Throws<YjsFormatException>(() => doc.ApplyUpdate(update));
        Assert.Contains(limit, e.Message, StringComparison.Ordinal);
        Assert.Equal(state, doc.EncodeStateAsUpdate());
        Assert.Equal(sv, doc.StateVector.ToDictionary());
        Assert.Equal(text, doc.GetText("t"));
        Assert.Equal(pending, doc.HasPending);
    }

    [Fact]
    public void ApplyUpdate_PendingStructsOverLimit_RefusedAndChangesNothing()
    {
        var doc = new YDoc(new YDocOptions { MaxPendingStructs = 2 });
        doc.ApplyUpdate(InsertA);
        doc.ApplyUpdate(Inserts((7, 1_000_000)));
        Assert.True(doc.HasPending);

        // Together with the one already waiting, two more would make three.
        AssertRefusedUnchanged(doc, Inserts((8, 5), (9, 1UL << 52)), "MaxPendingStructs");

        // A fresh document: refused before anything is integrated, even the integrable struct in the same update.
        var fresh = new YDoc(new YDocOptions { MaxPendingStructs = 2 });
        AssertRefusedUnchanged(fresh, Inserts((1, 0), (8, 5), (9, 6), (10, 7)), "MaxPendingStructs");
        Assert.Empty(fresh.StateVector);
        Assert.False(fresh.HasPending);
    }

    [Fact]
    public void ApplyUpdate_PendingWithinLimit_ResolvesWhenDependencyArrives()
    {
        var doc = new YDoc(new YDocOptions { MaxPendingStructs = 1 });
        doc.ApplyUpdate(InsertBAfterA);
        Assert.True(doc.HasPending);
        doc.ApplyUpdate(InsertA);
        Assert.False(doc.HasPending);
        Assert.Equal("ab", doc.GetText("t"));
    }

    [Fact]
    public void ApplyUpdate_ZeroPendingLimits_InOrderUpdatesAndSameUpdateDependenciesAccepted()
    {
        var options = new YDocOptions { MaxPendingStructs = 0, MaxPendingDeleteRanges = 0, MaxPendingBytes = 0 };
        var doc = new YDoc(options);
        doc.ApplyUpdate(InsertA);
        doc.ApplyUpdate(InsertBAfterA);
        Assert.Equal("ab", doc.GetText("t"));

        // Client 2's item refers to client 1's clock 0 in the same update: it is integrable, so nothing waits.
        var w = new Lib0Writer();
        w.WriteVarUInt(2);
        w.WriteVarUInt(1);
        w.WriteVarUInt(2);
        w.WriteVarUInt(0);
        w.WriteByte(0x84);
        w.WriteVarUInt(3);
        w.WriteVarUInt(0);
        w.WriteVarString("c");
        w.WriteVarUInt(1);
        w.WriteVarUInt(3);
        w.WriteVarUInt(0);
        w.WriteByte(0x04);
        w.WriteVarUInt(1);
        w.WriteVarString("t");
        w.WriteVarString("z");
        w.WriteVarUInt(0);
        var other = new YDoc(options);
        other.ApplyUpdate(w.ToArray());
        Assert.False(other.HasPending);
        Assert.Equal("zc", other.GetText("t"));

        AssertRefusedUnchanged(doc, Inserts((5, 3)), "MaxPendingStructs");
        AssertRefusedUnchanged(doc, Deletes((5, 0, 1)), "MaxPendingDeleteRanges");
    }

    [Fact]
    public void ApplyUpdate_PendingDeleteRangesOverLimit_RefusedAndChangesNothing()
    {
        var doc = new YDoc(new YDocOptions { MaxPendingDeleteRanges = 2 });
        doc.ApplyUpdate(InsertA);
        doc.ApplyUpdate(Deletes((4, 0, 1)));
        Assert.True(doc.HasPending);
        AssertRefusedUnchanged(doc, Deletes((5, 0, 1), (6, 0, 1)), "MaxPendingDeleteRanges");

        // Ranges on known clocks are applied, not pending: deleting "a" is fine at the limit.
        doc.ApplyUpdate(Deletes((1, 0, 1), (6, 0, 1)));
        Assert.Equal(string.Empty, doc.GetText("t"));
    }

    [Fact]
    public void ApplyUpdate_PendingDeleteWithinLimit_AppliedWhenInsertArrives()
    {
        var doc = new YDoc(new YDocOptions { MaxPendingDeleteRanges = 1 });
        doc.ApplyUpdate(Deletes((1, 0, 1)));
        Assert.True(doc.HasPending);
        doc.ApplyUpdate(InsertA);
        doc.ApplyUpdate(InsertBAfterA);
        Assert.False(doc.HasPending);
        Assert.Equal("b", doc.GetText("t"));
    }

    [Fact]
    public void ApplyUpdate_PendingBytesOverLimit_RefusedButIntegrableUpdatesAccepted()
    {
        var waiting = Inserts((7, 100));
        var doc = new YDoc(new YDocOptions { MaxPendingBytes = waiting.Length + 5 });
        doc.ApplyUpdate(waiting);
        AssertRefusedUnchanged(doc, Inserts((8, 100)), "MaxPendingBytes");

        // Updates that leave nothing of their own pending are not counted: the document still accepts edits.
        doc.ApplyUpdate(InsertA);
        doc.ApplyUpdate(InsertBAfterA);
        Assert.Equal("ab", doc.GetText("t"));
        Assert.True(doc.HasPending);

        // Once nothing is pending the count starts again.
        var gc = new Lib0Writer();
        gc.WriteVarUInt(1);
        gc.WriteVarUInt(1);
        gc.WriteVarUInt(7);
        gc.WriteVarUInt(0);
        gc.WriteByte(0x00);
        gc.WriteVarUInt(100);
        gc.WriteVarUInt(0);
        doc.ApplyUpdate(gc.ToArray());
        Assert.False(doc.HasPending);
        doc.ApplyUpdate(Inserts((8, 100)));
        Assert.True(doc.HasPending);
    }

    [Fact]
    public void Constructor_NegativePendingLimit_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new YDoc(new YDocOptions { MaxPendingStructs = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new YDoc(new YDocOptions { MaxPendingDeleteRanges = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new YDoc(new YDocOptions { MaxPendingBytes = -1 }));
    }
}
