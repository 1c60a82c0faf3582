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

    // Hostile growth paths (each checked: memory stays proportional to the bytes received, never to clock values).

    [Fact]
    public void ApplyUpdate_ManyDistinctClientsWaiting_RefusedByDefaultLimit()
    {
        // 100,000 fresh clients, each with one struct at clock 1 (clock 0 never arrives).
        var structs = Enumerable.Range(0, 100_000).Select(i => ((ulong)i + 10, 1UL)).ToArray();
        var doc = new YDoc();
        doc.ApplyUpdate(InsertA);
        AssertRefusedUnchanged(doc, Inserts(structs), "MaxPendingStructs");

        // The same clients at clock 0 integrate: a legitimate (if large) update is not a pending one.
        var ok = new YDoc();
        ok.ApplyUpdate(Inserts(structs.Select(s => (s.Item1, 0UL)).ToArray()));
        Assert.False(ok.HasPending);
        Assert.Equal(100_000, ok.StateVector.Count);
        Assert.Equal(100_000, ok.GetText("t").Length);
    }

    [Fact]
    public void ApplyUpdate_ManyDistinctClientsDeleting_RefusedByDefaultLimit()
    {
        var ranges = Enumerable.Range(0, 70_000).Select(i => ((ulong)i + 10, 0UL, 1UL)).ToArray();
        var doc = new YDoc();
        doc.ApplyUpdate(InsertA);
        AssertRefusedUnchanged(doc, Deletes(ranges), "MaxPendingDeleteRanges");
    }

    [Fact]
    public void ApplyUpdate_DeleteRangesUpTo2Pow53_DoNotAllocatePerClock()
    {
        const ulong max = (1UL << 53) - 1;
        var doc = new YDoc();
        doc.ApplyUpdate(InsertA);
        doc.ApplyUpdate(InsertBAfterA);
        var before = GC.GetAllocatedBytesForCurrentThread();

        // Unknown clients: the whole clock space and its upper half; a known client: everything from clock 1.
        doc.ApplyUpdate(Deletes((99, 0, max), (98, max / 2, max - (max / 2)), (1, 1, max - 1)));
        doc.ApplyUpdate(Deletes((99, 0, max)));
        doc.ApplyUpdate(Inserts((99, 0))); // Deleted on arrival by the pending range.
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
        Assert.Equal("a", doc.GetText("t"));
        Assert.True(doc.HasPending); // The rest of the ranges wait for clocks that may never come.
        Assert.Equal(1, doc.StateVector[99]);

        // The encoded state carries the huge ranges as numbers, not as structs per clock.
        Assert.True(doc.EncodeStateAsUpdate().Length < 100);
    }

    [Fact]
    public void ApplyUpdate_TypesNestedOneUpdateAtATime_RefusedAtMaxTypeDepth()
    {
        // The depth limit holds across updates: each update nests one more XmlElement (client 1, clock i).
        var doc = new YDoc(new YDocOptions { MaxTypeDepth = 5 });
        YjsFormatException? refused = null;
        for (var i = 0; i < 10 && refused is null; i++)
        {
            var w = new Lib0Writer();
            w.WriteVarUInt(1);
            w.WriteVarUInt(1);
            w.WriteVarUInt(1);
            w.WriteVarUInt((ulong)i);
            w.WriteByte(0x07);
            if (i == 0)
            {
                w.WriteVarUInt(1);
                w.WriteVarString("x");
            }
            else
            {
                w.WriteVarUInt(0);
                w.WriteVarUInt(1);
                w.WriteVarUInt((ulong)(i - 1));
            }

            w.WriteVarUInt(3);
            w.WriteVarString("p");
            w.WriteVarUInt(0);
            refused = Record.Exception(() => doc.ApplyUpdate(w.ToArray())) as YjsFormatException;
        }

        Assert.NotNull(refused);
        Assert.Contains("deeper than 5", refused.Message, StringComparison.Ordinal);
        Assert.Equal(5, doc.StateVector[1]);
    }

    [Fact]
    public void ApplyUpdate_LongStringOverUpdateLimit_RefusedBeforeDecoding()
    {
        var w = new Lib0Writer();
        w.WriteVarUInt(1);
        w.WriteVarUInt(1);
        w.WriteVarUInt(1);
        w.WriteVarUInt(0);
        w.WriteByte(0x04);
        w.WriteVarUInt(1);
        w.WriteVarString("t");
        w.WriteVarString(new string('x', 1 << 20));
        w.WriteVarUInt(0);
        var update = w.ToArray();

        var doc = new YDoc(new YDocOptions { MaxUpdateBytes = 1 << 20 });
        AssertRefusedUnchanged(doc, update, "exceeds the limit");

        var ok = new YDoc(new YDocOptions { MaxUpdateBytes = update.Length });
        ok.ApplyUpdate(update);
        Assert.Equal(1 << 20, ok.GetText("t").Length);
    }

    [Fact]
    public void ApplyUpdate_StringLengthPrefixBeyondInput_RefusedWithoutAllocating()
    {
        // A string content claiming 2^31 bytes with 4 bytes behind it.
        byte[] update = [0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x80, 0x80, 0x80, 0x80, 0x08, 0x61, 0x61, 0x61, 0x61];
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<YjsFormatException>(() => new YDoc().ApplyUpdate(update));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000);
    }

    /// <summary>Client 1 types 12 characters one update each; client 2 types one after each of them.</summary>
    private static List<byte[]> TypingSession()
    {
        var updates = new List<byte[]>();
        for (var client = 1UL; client <= 2; client++)
        {
            for (var i = 0UL; i < 12; i++)
            {
                var w = new Lib0Writer();
                w.WriteVarUInt(1);
                w.WriteVarUInt(1);
                w.WriteVarUInt(client);
                w.WriteVarUInt(i);
                if (client == 1 && i == 0)
                {
                    w.WriteByte(0x04);
                    w.WriteVarUInt(1);
                    w.WriteVarString("t");
                }
                else
                {
                    w.WriteByte(0x84);
                    w.WriteVarUInt(1);
                    w.WriteVarUInt(client == 1 ? i - 1 : i);
                }

                w.WriteVarString(client == 1 ? ((char)('a' + (int)i)).ToString() : "_");
                w.WriteVarUInt(0);
                updates.Add(w.ToArray());
            }
        }

        return updates;
    }

    [Fact]
    public void ApplyUpdate_ShuffledSessions_LimitCheckPredictsActualPendingCount()
    {
        var session = TypingSession();
        var expected = new YDoc();
        foreach (var u in session)
        {
            expected.ApplyUpdate(u);
        }

        for (var seed = 0; seed < 200; seed++)
        {
            var order = session.ToArray();
            new Random(seed).Shuffle(order);
            var counts = new List<int>();
            var unlimited = new YDoc();
            foreach (var u in order)
            {
                unlimited.ApplyUpdate(u);
                counts.Add(unlimited.PendingStructCount);
            }

            Assert.Equal(expected.GetText("t"), unlimited.GetText("t"));
            var max = counts.Max();
            if (max == 0)
            {
                continue;
            }

            // At exactly the peak, nothing is refused and the result is the same.
            var atPeak = new YDoc(new YDocOptions { MaxPendingStructs = max });
            foreach (var u in order)
            {
                atPeak.ApplyUpdate(u);
            }

            Assert.Equal(expected.GetText("t"), atPeak.GetText("t"));

            // One below, the first update that reached the peak is refused, and no earlier one.
            var below = new YDoc(new YDocOptions { MaxPendingStructs = max - 1 });
            var first = counts.IndexOf(max);
            for (var i = 0; i < first; i++)
            {
                below.ApplyUpdate(order[i]);
            }

            AssertRefusedUnchanged(below, order[first], "MaxPendingStructs");
        }
    }

    [Fact]
    public void ApplyUpdate_ManySmallDeletesInLongString_AllocatesLinearly()
    {
        // One 40,000-character item, then one update deleting every even clock (20,000 ranges). Splitting from the
        // lowest clock up copied the remaining tail at each split (1.6 GB allocated); now each piece is copied once.
        const int n = 40_000;
        var text = new string(Enumerable.Range(0, n).Select(i => (char)('a' + (i % 26))).ToArray());
        var insert = new Lib0Writer();
        insert.WriteVarUInt(1);
        insert.WriteVarUInt(1);
        insert.WriteVarUInt(1);
        insert.WriteVarUInt(0);
        insert.WriteByte(0x04);
        insert.WriteVarUInt(1);
        insert.WriteVarString("t");
        insert.WriteVarString(text);
        insert.WriteVarUInt(0);
        var deletes = new Lib0Writer();
        deletes.WriteVarUInt(0);
        deletes.WriteVarUInt(1);
        deletes.WriteVarUInt(1);
        deletes.WriteVarUInt(n / 2);
        for (var i = 0; i < n / 2; i++)
        {
            deletes.WriteVarUInt((ulong)(2 * i));
            deletes.WriteVarUInt(1);
        }

        var doc = new YDoc();
        doc.ApplyUpdate(insert.ToArray());
        var before = GC.GetAllocatedBytesForCurrentThread();
        doc.ApplyUpdate(deletes.ToArray());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 100_000_000, $"allocated {allocated} bytes");
        Assert.Equal(new string(text.Where((_, i) => i % 2 == 1).ToArray()), doc.GetText("t"));
        Assert.False(doc.HasPending);
    }
}
