using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Documents;
using static Switchboard.Server.Tests.Documents.Updates;

namespace Switchboard.Server.Tests.Documents;

/// <summary>The group commit of note logs: every entry stored, in order, and one bad entry failing only itself.</summary>
public sealed class DocumentLogWriterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AppendAsync_ManyDocumentsAtOnce_EveryEntryStoredInOrder()
    {
        await using var server = await DocumentServer.StartAsync();
        var writer = server.Services.GetRequiredService<DocumentLogWriter>();
        var store = server.Services.GetRequiredService<DocumentStore>();
        var ids = Enumerable.Range(0, 20).Select(i => $"note:log-writer-{i}").ToArray();

        // Each document's updates in order (as its gate makes them), the documents side by side.
        await Task.WhenAll(ids.Select(id => Task.Run(async () =>
        {
            for (var seq = 1; seq <= 10; seq++)
            {
                await writer.AppendAsync(id, new StoredUpdate(seq, TextInsert(seq - 1, 'x')));
            }
        }))).WaitAsync(Timeout);

        foreach (var id in ids)
        {
            var stored = await store.LoadAsync(id, CancellationToken.None);
            Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), stored.Updates.Select(u => u.Seq));
        }

        Assert.False(writer.Writing);
    }

    [Fact]
    public async Task AppendAsync_BatchWithAnEntryThatCannotBeStored_OnlyThatEntryFails()
    {
        await using var server = await DocumentServer.StartAsync();
        var writer = server.Services.GetRequiredService<DocumentLogWriter>();
        var store = server.Services.GetRequiredService<DocumentStore>();
        await store.AppendAsync("note:log-taken", [new StoredUpdate(1, TextInsert(0, 'a'))], CancellationToken.None);

        // Another connection holds SQLite's write lock, so the first append waits inside its write while the others
        // queue behind it; they are then written as one batch, which holds a duplicate (document, seq).
        string connectionString;
        await using (var db = await server.DbAsync())
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        await using var blocker = new SqliteConnection(connectionString);
        await blocker.OpenAsync();
        await using var lockTransaction = await blocker.BeginTransactionAsync();
        var first = Task.Run(() => writer.AppendAsync("note:log-first", new StoredUpdate(1, TextInsert(0, 'f'))));
        await WaitUntilAsync(() => writer.Writing && writer.Queued == 0);
        var duplicate = writer.AppendAsync("note:log-taken", new StoredUpdate(1, TextInsert(0, 'b')));
        var others = Enumerable.Range(1, 30).Select(seq => writer.AppendAsync("note:log-others", new StoredUpdate(seq, TextInsert(seq - 1, 'o')))).ToArray();
        Assert.Equal(31, writer.Queued);
        await lockTransaction.RollbackAsync();

        await first.WaitAsync(Timeout);
        await Task.WhenAll(others).WaitAsync(Timeout);
        await Assert.ThrowsAnyAsync<Exception>(() => duplicate.WaitAsync(Timeout));
        Assert.Equal(30, (await store.LoadAsync("note:log-others", CancellationToken.None)).Updates.Count);
        Assert.Single((await store.LoadAsync("note:log-first", CancellationToken.None)).Updates);
        var taken = await store.LoadAsync("note:log-taken", CancellationToken.None);
        Assert.Equal(Doc(TextInsert(0, 'a')).GetText("t"), Doc(taken.Updates.Single().Data).GetText("t"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var cancel = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(10, cancel.Token);
        }
    }
}
