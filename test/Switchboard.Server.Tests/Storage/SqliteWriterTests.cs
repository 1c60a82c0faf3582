using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Tests.Storage;

/// <summary>The SQLite writer: group commit, a failing write failing alone, prepared statements kept, a clean stop.</summary>
public sealed class SqliteWriterTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "switchboard-writer-" + Guid.NewGuid().ToString("N"));
    private string _connectionString = "";
    private int _opens;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "test.db"), Pooling = false }.ToString();
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)";
        await command.ExecuteNonQueryAsync();
    }

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task WriteAsync_WritesQueuedWhileABatchRuns_CommittedTogetherInOneBatch()
    {
        await using var writer = NewWriter();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // The first write holds the writer (its batch runs until the gate opens); ten more queue behind it.
        var first = Task.Run(() => writer.WriteAsync(async (session, ct) =>
        {
            entered.TrySetResult();
            await gate.Task;
            return await InsertAsync(session, 0, "first", ct);
        }, CancellationToken.None));
        await entered.Task.WaitAsync(Timeout);
        var queued = Enumerable.Range(1, 10).Select(i => writer.WriteAsync((s, ct) => InsertAsync(s, i, "queued", ct), CancellationToken.None)).ToArray();
        Assert.Equal(0, await CountAsync());

        gate.SetResult();
        await first.WaitAsync(Timeout);
        await Task.WhenAll(queued).WaitAsync(Timeout);

        Assert.Equal(11, await CountAsync());
        Assert.Equal(2, writer.CommittedBatches);
    }

    [Fact]
    public async Task WriteAsync_OneWriteOfABatchFails_OnlyItsChangesRolledBack()
    {
        await using var writer = NewWriter();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(() => writer.WriteAsync(async (session, ct) =>
        {
            entered.TrySetResult();
            await gate.Task;
            return await InsertAsync(session, 1, "one", ct);
        }, CancellationToken.None));
        await entered.Task.WaitAsync(Timeout);

        // In the same batch: a write that inserts row 2 and then fails (row 1 exists), and one after it.
        var failing = writer.WriteAsync(async (session, ct) =>
        {
            await InsertAsync(session, 2, "two", ct);
            return await InsertAsync(session, 1, "duplicate", ct);
        }, CancellationToken.None);
        var after = writer.WriteAsync((s, ct) => InsertAsync(s, 3, "three", ct), CancellationToken.None);
        gate.SetResult();

        await first.WaitAsync(Timeout);
        await after.WaitAsync(Timeout);
        await Assert.ThrowsAsync<SqliteException>(() => failing.WaitAsync(Timeout));
        Assert.Equal(["one", "three"], await ValuesAsync());
    }

    [Fact]
    public async Task WriteAsync_TransactionEndedByAWrite_BatchFailsAndNextWriteUsesANewConnection()
    {
        await using var writer = NewWriter();
        await writer.WriteAsync((s, ct) => InsertAsync(s, 1, "one", ct), CancellationToken.None).WaitAsync(Timeout);

        // A write that ends the batch's transaction breaks the batch (its savepoint is gone), never the writer.
        var broken = writer.WriteAsync(async (session, ct) =>
        {
            await InsertAsync(session, 2, "two", ct);
            return await session.Command("ROLLBACK").ExecuteNonQueryAsync(ct);
        }, CancellationToken.None);
        await Assert.ThrowsAsync<SqliteException>(() => broken.WaitAsync(Timeout));

        await writer.WriteAsync((s, ct) => InsertAsync(s, 3, "three", ct), CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(["one", "three"], await ValuesAsync());
        Assert.Equal(2, Volatile.Read(ref _opens));
    }

    [Fact]
    public async Task WriteAsync_SameSqlInTwoWrites_SamePreparedCommand()
    {
        await using var writer = NewWriter();
        var commands = new List<DbCommand>();
        for (var i = 0; i < 2; i++)
        {
            var id = i;
            await writer.WriteAsync(async (session, ct) =>
            {
                var command = session.Command("INSERT INTO t (id, v) VALUES (@id, 'x')");
                DbWriteSession.Add(command, "id", id);
                commands.Add(command);
                return await command.ExecuteNonQueryAsync(ct);
            }, CancellationToken.None).WaitAsync(Timeout);
        }

        Assert.Same(commands[0], commands[1]);
        Assert.Equal(2, await CountAsync());
    }

    [Fact]
    public async Task WriteAsync_CancelledWhileQueued_NotWritten()
    {
        await using var writer = NewWriter();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(() => writer.WriteAsync(async (session, ct) =>
        {
            entered.TrySetResult();
            await gate.Task;
            return await InsertAsync(session, 1, "one", ct);
        }, CancellationToken.None));
        await entered.Task.WaitAsync(Timeout);
        using var cancel = new CancellationTokenSource();
        var cancelled = writer.WriteAsync((s, ct) => InsertAsync(s, 2, "two", ct), cancel.Token);

        await cancel.CancelAsync();
        gate.SetResult();

        await first.WaitAsync(Timeout);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        Assert.Equal(["one"], await ValuesAsync());
    }

    [Fact]
    public async Task DisposeAsync_WhileWritesQueued_WritesThemThenRefusesMore()
    {
        var writer = NewWriter();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(() => writer.WriteAsync(async (session, ct) =>
        {
            entered.TrySetResult();
            await gate.Task;
            return await InsertAsync(session, 1, "one", ct);
        }, CancellationToken.None));
        await entered.Task.WaitAsync(Timeout);
        var queued = writer.WriteAsync((s, ct) => InsertAsync(s, 2, "two", ct), CancellationToken.None);

        var disposed = writer.DisposeAsync().AsTask();
        Assert.False(disposed.IsCompleted);
        gate.SetResult();

        await disposed.WaitAsync(Timeout);
        await Task.WhenAll(first, queued).WaitAsync(Timeout);
        Assert.Equal(["one", "two"], await ValuesAsync());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync((s, ct) => InsertAsync(s, 3, "three", ct), CancellationToken.None));
    }

    private SqliteWriter NewWriter() => new(async ct =>
    {
        Interlocked.Increment(ref _opens);
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(ct);
        return connection;
    }, NullLogger.Instance);

    private static async Task<int> InsertAsync(DbWriteSession session, int id, string value, CancellationToken cancellationToken)
    {
        var command = session.Command("INSERT INTO t (id, v) VALUES (@id, @v)");
        DbWriteSession.Add(command, "id", id);
        DbWriteSession.Add(command, "v", value);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<long> CountAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM t";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<List<string>> ValuesAsync()
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT v FROM t ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
