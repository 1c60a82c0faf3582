using Microsoft.Data.Sqlite;

namespace Switchboard.Server.Storage;

/// <summary>
/// The one writer of the hot SQLite writes (the reply, the note log, compaction, the note content, presence): one
/// long-lived connection written by one caller at a time, so SQLite's single write lock is not contended by many
/// connections (each loser sleeping in the busy handler), statements stay prepared (<see cref="SqliteWriteSession"/>),
/// and the connection's page cache stays valid between writes.
/// Group commit: the writes queued while a batch runs form the next batch, one transaction with a savepoint per write,
/// so pages that several writes touch (the log's last page, the free list, the B-tree's inner pages) reach the WAL once
/// per batch instead of once per write. No timer and no added wait: alone, a write is committed at once, on its
/// caller's flow. A write that fails rolls back to its savepoint and fails alone; a failed BEGIN or COMMIT fails the
/// batch, and the next batch opens a new connection. A write's task completes when its batch is committed. A write must
/// not wait for another write (it would wait for itself).
/// </summary>
internal sealed partial class SqliteWriter(Func<CancellationToken, Task<SqliteConnection>> open, ILogger logger) : IAsyncDisposable
{
    /// <summary>The most writes one transaction holds.</summary>
    internal const int MaxBatch = 256;

    private readonly Lock _lock = new();
    private readonly Queue<WriteItem> _queue = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private SqliteWriteSession? _session;
    private bool _writing;
    private bool _stopped;
    private int _batches;

    /// <summary>Batches committed so far (for tests).</summary>
    internal int CommittedBatches => Volatile.Read(ref _batches);

    /// <summary>Runs <paramref name="write"/> in the next batch; completes with its result once the batch is committed.</summary>
    public Task<T> WriteAsync<T>(Func<DbWriteSession, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var item = new WriteItem<T>(write, cancellationToken);
        bool lead;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            _queue.Enqueue(item);
            lead = !_writing;
            _writing = true;
        }

        return lead ? LeadAsync(item) : item.Task;
    }

    /// <summary>Writes what is queued, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _stopped = true;
            if (!_writing)
            {
                Close();
            }
        }

        await _closed.Task;
    }

    // The caller that found no write running writes the queue (its own write included) on its own flow, as a write on a
    // connection of its own would, and hands what queued meanwhile to a writer of its own, so it waits for no one
    // else's batch. A thread hop per write (a loop woken by each) cost more on a loaded machine than the write.
    private async Task<T> LeadAsync<T>(WriteItem<T> own)
    {
        await WriteQueuedAsync();
        if (!Release())
        {
            _ = Task.Run(DrainAsync);
        }

        return await own.Task;
    }

    private async Task DrainAsync()
    {
        do
        {
            await WriteQueuedAsync();
        }
        while (!Release());
    }

    // Ends the writer's turn when nothing is queued (true); false when there is more to write.
    private bool Release()
    {
        lock (_lock)
        {
            if (_queue.Count > 0)
            {
                return false;
            }

            _writing = false;
            if (_stopped)
            {
                Close();
            }

            return true;
        }
    }

    // Under the lock, with no write running.
    private void Close()
    {
        _session?.Dispose();
        _session = null;
        _closed.TrySetResult();
    }

    private async Task WriteQueuedAsync()
    {
        var batch = new List<WriteItem>();
        lock (_lock)
        {
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var item))
            {
                if (item.CancellationToken.IsCancellationRequested)
                {
                    item.Fail(new OperationCanceledException(item.CancellationToken));
                }
                else
                {
                    batch.Add(item);
                }
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            _session ??= new SqliteWriteSession(await open(CancellationToken.None));
            await WriteBatchAsync(_session, batch);
        }
#pragma warning disable CA1031 // The batch's writers get the error; the next batch opens a new connection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.BatchFailed(logger, batch.Count, ex);
            batch.ForEach(i => i.Fail(ex));
            _session?.Dispose();
            _session = null;
        }
    }

    private async Task WriteBatchAsync(SqliteWriteSession session, List<WriteItem> batch)
    {
        var written = new List<WriteItem>(batch.Count);
        session.Execute("BEGIN IMMEDIATE");
        try
        {
            foreach (var item in batch)
            {
                session.Execute("SAVEPOINT write");
                try
                {
                    await item.RunAsync(session);
                    session.Execute("RELEASE write");
                    written.Add(item);
                }
#pragma warning disable CA1031 // The write's own error goes to its caller; the batch's other writes go on.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    session.Execute("ROLLBACK TO write");
                    session.Execute("RELEASE write");
                    item.Fail(ex);
                }
                finally
                {
                    session.EndWrite();
                }
            }

            session.Execute("COMMIT");
            Interlocked.Increment(ref _batches);
        }
        catch
        {
            // SQLite may have rolled back already (an I/O error, a full disk); the next batch opens a new connection anyway.
            if (SQLitePCL.raw.sqlite3_get_autocommit(session.Connection.Handle) == 0)
            {
                session.Execute("ROLLBACK");
            }

            throw;
        }

        written.ForEach(i => i.Complete());
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "A batch of {Count} database writes failed; the connection is opened again for the next.", EventName = "BatchFailed")]
        public static partial void BatchFailed(ILogger logger, int count, Exception exception);
    }
}
