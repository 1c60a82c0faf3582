using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Documents;
using static Switchboard.Server.Tests.Documents.Updates;

namespace Switchboard.Server.Tests.Documents;

/// <summary>Compaction while other instances append to the same log (Redis mode, G5): nothing written meanwhile is lost.</summary>
public sealed class SharedCompactionTests
{
    [Fact]
    public async Task CompactExact_EntryWrittenAfterTheRead_StaysInTheLogAndLoads()
    {
        await using var server = await DocumentServer.StartAsync();
        var store = server.Services.GetRequiredService<DocumentStore>();
        const string Id = "note:shared-compaction";
        await store.AppendAsync(Id, [new StoredUpdate(1, TextInsert(0, 'a')), new StoredUpdate(2, TextInsert(1, 'b')), new StoredUpdate(4, TextInsert(2, 'c'))], CancellationToken.None);
        var read = await store.LoadAsync(Id, CancellationToken.None);
        var doc = new Switchboard.Yjs.Document.YDoc();
        foreach (var update in read.Updates)
        {
            doc.ApplyUpdate(update.Data);
        }

        // Another instance numbered its update 3 before this one's 4, and writes it only now.
        await store.AppendAsync(Id, [new StoredUpdate(3, TextInsert(3, 'd'))], CancellationToken.None);
        await store.CompactExactAsync(Id, doc.EncodeStateAsUpdate(), read.LastSeq, [.. read.Updates.Select(u => u.Seq)], CancellationToken.None);

        var after = await store.LoadAsync(Id, CancellationToken.None);
        Assert.Equal(4, after.StateSeq);
        Assert.Equal([3L], after.Updates.Select(u => u.Seq));
        Assert.Equal(4, after.LastSeq);
        var loaded = Doc(after.State!);
        loaded.ApplyUpdate(after.Updates[0].Data);
        Assert.Equal("abcd", loaded.GetText("t"));
    }
}
