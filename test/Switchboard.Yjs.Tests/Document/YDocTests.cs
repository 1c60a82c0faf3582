using System.Text.Json.Nodes;
using Switchboard.Yjs.Document;

namespace Switchboard.Yjs.Tests.Document;

public class YDocTests
{
    // yjs-format.md §2.5, client 1.
    private static readonly byte[] InsertA = [0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x01, 0x61, 0x00];
    private static readonly byte[] InsertBAfterA = [0x01, 0x01, 0x01, 0x01, 0x84, 0x01, 0x00, 0x01, 0x62, 0x00];
    private static readonly byte[] DeleteClock1 = [0x00, 0x01, 0x01, 0x01, 0x01, 0x01];

    private static YDoc Apply(params byte[][] updates)
    {
        var doc = new YDoc();
        foreach (var u in updates)
        {
            doc.ApplyUpdate(u);
        }

        return doc;
    }

    [Fact]
    public void ApplyUpdate_SpecExamples_TextInOrder()
    {
        var doc = Apply(InsertA, InsertBAfterA);
        Assert.Equal("ab", doc.GetText("t"));
        Assert.Equal(2, doc.StateVector[1]);
        Assert.False(doc.HasPending);

        // Typed in one order, merged into one struct: 1 group, 1 struct, client 1, clock 0, String "ab", no deletes.
        Assert.Equal(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x02, 0x61, 0x62, 0x00 }, doc.EncodeStateAsUpdate());
    }

    [Fact]
    public void ApplyUpdate_SpecExamples_MapOverwrite()
    {
        byte[] setK1 = [0x01, 0x01, 0x01, 0x03, 0x28, 0x01, 0x01, 0x6d, 0x01, 0x6b, 0x01, 0x7d, 0x01, 0x00];
        byte[] setK2 = [0x01, 0x01, 0x01, 0x04, 0xa8, 0x01, 0x03, 0x01, 0x7d, 0x02, 0x01, 0x01, 0x01, 0x03, 0x01];
        var doc = new YDoc();
        doc.ApplyUpdate(setK1);
        Assert.True(doc.HasPending); // clocks 0..2 of client 1 are missing
        Assert.Equal("{}", doc.GetMap("m").ToJsonString());
        doc.ApplyUpdate([0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0x03, 0x61, 0x62, 0x63, 0x00]);
        Assert.False(doc.HasPending);
        Assert.Equal("""{"k":1}""", doc.GetMap("m").ToJsonString());
        doc.ApplyUpdate(setK2);
        Assert.Equal("""{"k":2}""", doc.GetMap("m").ToJsonString());
        Assert.Equal(YRootKind.Map, doc.InferKind("m"));
        Assert.Equal(YRootKind.Text, doc.InferKind("t"));
    }

    [Fact]
    public void ApplyUpdate_DependencyArrivesLater_PendingResolves()
    {
        var doc = Apply(InsertBAfterA);
        Assert.True(doc.HasPending);
        Assert.Equal(string.Empty, doc.GetText("t"));
        Assert.Empty(doc.StateVector);

        // While pending, the full state still carries the waiting struct (after a Skip), so nothing is lost.
        var withPending = doc.EncodeStateAsUpdate();
        var copy = Apply(withPending, InsertA);
        Assert.Equal("ab", copy.GetText("t"));

        doc.ApplyUpdate(InsertA);
        Assert.False(doc.HasPending);
        Assert.Equal("ab", doc.GetText("t"));
    }

    [Fact]
    public void ApplyUpdate_DeleteBeforeInsert_PendingDeleteApplied()
    {
        var doc = Apply(DeleteClock1, InsertA);
        Assert.True(doc.HasPending);
        doc.ApplyUpdate(InsertBAfterA);
        Assert.False(doc.HasPending);
        Assert.Equal("a", doc.GetText("t"));
    }

    [Fact]
    public void ApplyUpdate_SameUpdateTwice_Idempotent()
    {
        var doc = Apply(InsertA, InsertBAfterA, InsertA, InsertBAfterA);
        Assert.Equal("ab", doc.GetText("t"));
        Assert.Equal(Apply(InsertA, InsertBAfterA).EncodeStateAsUpdate(), doc.EncodeStateAsUpdate());
    }

    [Fact]
    public void EncodeStateAsUpdate_DeletedText_GarbageCollected()
    {
        var doc = Apply(InsertA, InsertBAfterA, DeleteClock1, [0x00, 0x01, 0x01, 0x01, 0x00, 0x01]);
        Assert.Equal(string.Empty, doc.GetText("t"));

        // One Deleted item of length 2 (content 01 = Deleted, varUint 2) and the delete set (1: 0..2).
        Assert.Equal(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x01, 0x01, 0x01, 0x74, 0x02, 0x01, 0x01, 0x01, 0x00, 0x02 }, doc.EncodeStateAsUpdate());
    }

    [Fact]
    public void EncodeStateAsUpdate_ThousandKeystrokes_OneStruct()
    {
        var doc = new YDoc();
        for (var i = 0; i < 1000; i++)
        {
            var w = new Switchboard.Yjs.Lib0.Lib0Writer();
            w.WriteVarUInt(1);
            w.WriteVarUInt(1);
            w.WriteVarUInt(1);
            w.WriteVarUInt((ulong)i);
            if (i == 0)
            {
                w.WriteByte(0x04);
                w.WriteVarUInt(1);
                w.WriteVarString("t");
            }
            else
            {
                w.WriteByte(0x84);
                w.WriteVarUInt(1);
                w.WriteVarUInt((ulong)(i - 1));
            }

            w.WriteVarString("x");
            w.WriteVarUInt(0);
            doc.ApplyUpdate(w.ToArray());
        }

        var state = doc.EncodeStateAsUpdate();
        Assert.Equal(new string('x', 1000), doc.GetText("t"));
        // groups, count, client, clock, info 04, parent info 1, root "t", varUint(1000), the text, empty delete set
        Assert.Equal(new byte[] { 0x01, 0x01, 0x01, 0x00, 0x04, 0x01, 0x01, 0x74, 0xe8, 0x07 }, state[..10]);
        Assert.Equal(10 + 1000 + 1, state.Length);
    }

    [Fact]
    public void EncodeStateAsUpdate_WithStateVector_OnlyMissingPart()
    {
        var doc = Apply(InsertA, InsertBAfterA);

        // The peer has clock 0 of client 1: it gets "b" written with offset 1, i.e. origin (1,0).
        Assert.Equal(new byte[] { 0x01, 0x01, 0x01, 0x01, 0x84, 0x01, 0x00, 0x01, 0x62, 0x00 }, doc.EncodeStateAsUpdate([0x01, 0x01, 0x01]));
        Assert.Equal(new byte[] { 0x00, 0x00 }, doc.EncodeStateAsUpdate([0x01, 0x01, 0x02]));
        Assert.Equal(new byte[] { 0x01, 0x01, 0x02 }, doc.EncodeStateVector());
    }

    [Fact]
    public void EncodeStateAsUpdate_EmptyDocument_ZeroZero()
    {
        Assert.Equal(new byte[] { 0x00, 0x00 }, new YDoc().EncodeStateAsUpdate());
        Assert.Equal(new byte[] { 0x00 }, new YDoc().EncodeStateVector());
    }

    [Fact]
    public void ReadContent_NoKindsGiven_Inferred()
    {
        var doc = Apply(InsertA, InsertBAfterA);
        var content = doc.ReadContent();
        Assert.Equal("""{"t":{"kind":"text","text":"ab","delta":[{"insert":"ab"}]}}""", content.ToJsonString());
        var asArray = doc.ReadContent(new Dictionary<string, YRootKind> { ["t"] = YRootKind.Array, ["missing"] = YRootKind.Map });
        Assert.Equal("""{"t":{"kind":"array","value":["a","b"]},"missing":{"kind":"map","value":{}}}""", asArray.ToJsonString());
    }

    [Fact]
    public void GetTextDelta_FormatItems_Attributes()
    {
        // "a" then bold=true at origin (1,0), "b", bold=null: delta [{a}, {b, bold}].
        byte[] update =
        [
            0x01, 0x04, 0x01, 0x00,
            0x04, 0x01, 0x01, 0x74, 0x01, 0x61,
            0x86, 0x01, 0x00, 0x04, 0x62, 0x6f, 0x6c, 0x64, 0x04, 0x74, 0x72, 0x75, 0x65,
            0x84, 0x01, 0x01, 0x01, 0x62,
            0x86, 0x01, 0x02, 0x04, 0x62, 0x6f, 0x6c, 0x64, 0x04, 0x6e, 0x75, 0x6c, 0x6c,
            0x00,
        ];
        var doc = Apply(update);
        Assert.Equal("ab", doc.GetText("t"));
        Assert.Equal("""[{"insert":"a"},{"insert":"b","attributes":{"bold":true}}]""", doc.GetTextDelta("t").ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"t":{"kind":"text","text":"ab","delta":[{"insert":"a"},{"insert":"b","attributes":{"bold":true}}]}}"""), doc.ReadContent()));
    }

    [Fact]
    public void ApplyUpdate_ThousandsOfClientsEachTyping_OneCharEach()
    {
        // Every page load is a new yjs client id, so a long-lived note sees thousands of clients.
        var doc = new YDoc();
        for (ulong c = 1; c <= 3000; c++)
        {
            var w = new Switchboard.Yjs.Lib0.Lib0Writer();
            w.WriteVarUInt(1);
            w.WriteVarUInt(1);
            w.WriteVarUInt(c);
            w.WriteVarUInt(0);
            if (c == 1)
            {
                w.WriteByte(0x04);
                w.WriteVarUInt(1);
                w.WriteVarString("t");
            }
            else
            {
                w.WriteByte(0x84);
                w.WriteVarUInt(c - 1);
                w.WriteVarUInt(0);
            }

            w.WriteVarString(((char)('a' + (int)(c % 26))).ToString());
            w.WriteVarUInt(0);
            doc.ApplyUpdate(w.ToArray());
        }

        var text = doc.GetText("t");
        Assert.Equal(3000, text.Length);
        Assert.Equal(3000, doc.StateVector.Count);
        var copy = new YDoc();
        copy.ApplyUpdate(doc.EncodeStateAsUpdate());
        Assert.Equal(text, copy.GetText("t"));
    }
}
