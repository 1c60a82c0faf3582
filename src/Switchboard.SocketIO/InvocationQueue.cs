namespace Switchboard.SocketIO;

/// <summary>
/// Runs the event handler invocations of one client at most <c>limit</c> at a time, in arrival order (SignalR's
/// <c>MaximumParallelInvocationsPerClient</c>). Unlike SignalR it does not stop reading the connection as soon as every
/// slot is busy: up to <c>capacity</c> events wait here, so acks, namespace disconnects and pongs behind them still get
/// through (a handler may await an ack from its own client). Only when that many wait does the read loop wait too.
/// </summary>
internal sealed class InvocationQueue(int limit, int capacity)
{
    private readonly Lock _lock = new();
    private readonly Queue<SocketEvent> _waiting = new();
    private int _running;
    private TaskCompletionSource? _space;

    /// <summary>Starts <paramref name="e"/> (up to its first await) when a slot is free, or queues it.</summary>
    /// <returns>A task that completes when the caller may read the next message: at once unless the queue is full.</returns>
    public ValueTask EnqueueAsync(SocketEvent e, CancellationToken cancellationToken)
    {
        Task? full = null;
        lock (_lock)
        {
            if (_running < limit)
            {
                _running++;
            }
            else
            {
                _waiting.Enqueue(e);
                if (_waiting.Count >= capacity)
                {
                    _space ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    full = _space.Task;
                }

                e = null!;
            }
        }

        if (e is not null)
        {
            RunFrom(e);
        }

        return full is null ? ValueTask.CompletedTask : new ValueTask(full.WaitAsync(cancellationToken));
    }

    // Runs e, then whatever waits, for as long as invocations complete synchronously; the first that does not
    // continues the chain when it completes. Invoke never throws: handler failures are logged inside it.
    private void RunFrom(SocketEvent e)
    {
        while (true)
        {
            var task = e.InvokeAsync();
            if (!task.IsCompleted)
            {
                _ = ContinueAfterAsync(task);
                return;
            }

            task.GetAwaiter().GetResult();
            if (!TryTakeNext(out e))
            {
                return;
            }
        }
    }

    private async Task ContinueAfterAsync(ValueTask running)
    {
        await running;
        if (TryTakeNext(out var next))
        {
            RunFrom(next);
        }
    }

    private bool TryTakeNext(out SocketEvent next)
    {
        TaskCompletionSource? space = null;
        bool found;
        lock (_lock)
        {
            found = _waiting.TryDequeue(out next!);
            if (!found)
            {
                _running--;
            }
            else if (_space is not null && _waiting.Count < capacity)
            {
                space = _space;
                _space = null;
            }
        }

        space?.TrySetResult();
        return found;
    }
}
