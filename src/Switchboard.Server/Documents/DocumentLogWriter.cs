namespace Switchboard.Server.Documents;

/// <summary>
/// Group commit of the note logs: every accepted <c>ydoc:document:update</c> is stored before its ack, and the updates
/// that arrive while a write runs (of any document) are stored together by the next one, in one transaction and one
/// statement. No timer and no added wait: alone, an update is written at once by its own caller; under load the writes
/// grow instead of queuing up one transaction each. A caller's task completes once its update is committed, or fails
/// with the write's error (a failed batch is written again entry by entry, so one bad entry fails only itself).
/// </summary>
internal sealed class DocumentLogWriter(DocumentStore store)
{
    /// <summary>The most entries one transaction writes.</summary>
    internal const int MaxBatch = 128;

    private readonly Lock _lock = new();
    private readonly Queue<Pending> _queue = new();
    private bool _writing;

    /// <summary>Entries waiting for a write (for tests).</summary>
    internal int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Whether a write runs (for tests).</summary>
    internal bool Writing
    {
        get
        {
            lock (_lock)
            {
                return _writing;
            }
        }
    }

    /// <summary>Stores <paramref name="update"/> in the log of <paramref name="documentId"/>; completes when it is committed.</summary>
    public Task AppendAsync(string documentId, StoredUpdate update)
    {
        var pending = new Pending(new LogEntry(documentId, update));
        bool lead;
        lock (_lock)
        {
            _queue.Enqueue(pending);
            lead = !_writing;
            _writing = true;
        }

        return lead ? LeadAsync(pending) : pending.Done.Task;
    }

    // The caller that found no write running writes the queue (its own entry included) on its own flow, and hands what
    // queued meanwhile to a writer of its own, so it waits for no one else's batch.
    private async Task LeadAsync(Pending own)
    {
        await WriteBatchAsync();
        if (!Release())
        {
            _ = Task.Run(DrainAsync);
        }

        await own.Done.Task;
    }

    private async Task DrainAsync()
    {
        do
        {
            await WriteBatchAsync();
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
            return true;
        }
    }

    private async Task WriteBatchAsync()
    {
        var batch = new List<Pending>();
        lock (_lock)
        {
            while (batch.Count < MaxBatch && _queue.TryDequeue(out var pending))
            {
                batch.Add(pending);
            }
        }

        try
        {
            await store.AppendAsync([.. batch.Select(p => p.Entry)], CancellationToken.None);
            batch.ForEach(p => p.Done.TrySetResult());
            return;
        }
#pragma warning disable CA1031 // Handed to the callers, who log it: the update is in their document, the next save writes it.
        catch (Exception ex) when (batch.Count == 1)
        {
            batch[0].Done.TrySetException(ex);
            return;
        }
        catch (Exception)
        {
            // Written again one by one below: one entry that cannot be stored must not fail the others.
        }

        foreach (var pending in batch)
        {
            try
            {
                await store.AppendAsync([pending.Entry], CancellationToken.None);
                pending.Done.TrySetResult();
            }
            catch (Exception ex)
            {
                pending.Done.TrySetException(ex);
            }
        }
#pragma warning restore CA1031
    }

    private sealed class Pending(LogEntry entry)
    {
        public LogEntry Entry { get; } = entry;

        // Asynchronous continuations: the writer completes a whole batch, then goes on writing.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
