namespace Switchboard.SocketIO.EngineIO;

// Flow control (issue 13). The session counts the bytes and entries queued for the client (SendQueue).
// - Above the high-water mark (more than SendQueueHighWaterMark bytes, or half of SendQueueCapacity entries) the
//   session is not writable (volatile packets are dropped for it) and WaitForCapacityAsync makes producers wait.
// - The producers waiting share one task per episode. It completes with true once the queue has drained to the
//   low-water mark (half of each bound), so a producer kept at the mark is woken once per half-mark drained, not
//   once per packet taken (each wake-up is a thread-pool hop).
// - The first producer to wait starts the episode's slow-consumer timer. If the queue has not drained to the
//   low-water mark when it fires, only this session is closed (logged, counted) and the task completes with false.
// - Past SendQueueLimit bytes the full-queue policy applies (TryEnqueue). A send into an empty queue is always
//   accepted, however large, so one big message never stalls forever.
internal sealed partial class EngineSession
{
    private TaskCompletionSource<bool>? _capacity;
    private ITimer? _slowConsumerTimer;

    // The count itself is SendQueue's (also reported as engineio.server.send_queue.size); see EngineSession.Metrics.
    long IEngineConnection.QueuedBytes => QueuedBytes;

    private int QueuedEntries => _queue.QueuedEntries;

    // Bytes over the mark, or the queue half full in entries (many small sends must wait too, before the entry
    // capacity's full-queue policy would close the session).
    private bool AboveHighWaterMark =>
        QueuedBytes > _endpoint.Options.SendQueueHighWaterMark || QueuedEntries * 2 >= _endpoint.Options.SendQueueCapacity;

    private bool AtLowWaterMark =>
        QueuedBytes <= _endpoint.Options.SendQueueHighWaterMark / 2 && QueuedEntries * 4 <= _endpoint.Options.SendQueueCapacity;

    public ValueTask<bool> WaitForCapacityAsync(CancellationToken cancellationToken = default)
    {
        // Every awaited emit comes here once per recipient: without a lock or an allocation while there is room.
        if (Volatile.Read(ref _closed))
        {
            return new(false);
        }

        return AboveHighWaterMark ? WaitForDrainAsync(cancellationToken) : new(true);
    }

    private ValueTask<bool> WaitForDrainAsync(CancellationToken cancellationToken)
    {
        Task<bool> drained;
        lock (_sync)
        {
            if (_closed)
            {
                return new(false);
            }

            if (_capacity is null)
            {
                var capacity = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _capacity = capacity;

                // The reader decrements the counts and then looks for a waiter (OnDequeued); publishing the waiter and
                // then looking at the counts again means one of the two always sees the other.
                Interlocked.MemoryBarrier();
                if (!AboveHighWaterMark)
                {
                    _capacity = null;
                    return new(true);
                }

                _slowConsumerTimer = Time.CreateTimer(
                    state => OnSlowConsumerTimer((TaskCompletionSource<bool>)state!), capacity, _endpoint.Options.SlowConsumerTimeout, Timeout.InfiniteTimeSpan);
            }

            drained = _capacity.Task;
        }

        // Every waiter shares the episode's task: waiting allocates nothing more unless it can be cancelled.
        return cancellationToken.CanBeCanceled ? new(drained.WaitAsync(cancellationToken)) : new(drained);
    }

    private void OnSlowConsumerTimer(TaskCompletionSource<bool> episode)
    {
        lock (_sync)
        {
            if (_closed || !ReferenceEquals(_capacity, episode))
            {
                // A late timer of an episode that already ended.
                return;
            }
        }

        if (AtLowWaterMark)
        {
            // Drained just as the timer fired, before the reader woke the waiters.
            WakeCapacityWaiters(result: true);
            return;
        }

        var queued = QueuedBytes;
        EngineIOLog.SlowConsumer(Logger, Id, queued, _endpoint.Options.SlowConsumerTimeout);
        RecordSlowConsumer();
        Close(EngineCloseReason.TransportError, new TimeoutException(
            $"The client read too slowly: {queued} bytes stayed queued above half the high-water mark for {_endpoint.Options.SlowConsumerTimeout} while a producer waited."));
    }

    // Whether the send fits under the byte limit. Not atomic with the write: racing producers may overshoot the limit
    // by one send each, which the limit's "plus a small constant" allows.
    private bool WithinByteLimit(in QueuedSend send)
    {
        var queued = QueuedBytes;
        return queued == 0 || queued + send.Bytes <= _endpoint.Options.SendQueueLimit;
    }

    /// <summary>Called by <see cref="SendQueue"/> when a transport took a send off the queue (to write or discard it).</summary>
    internal void OnDequeued()
    {
        if (Volatile.Read(ref _capacity) is not null && AtLowWaterMark)
        {
            WakeCapacityWaiters(result: true);
        }
    }

    // Called with true when the queue drained to the low-water mark, with false when the session closed.
    private void WakeCapacityWaiters(bool result)
    {
        TaskCompletionSource<bool>? capacity;
        ITimer? timer;
        lock (_sync)
        {
            capacity = _capacity;
            _capacity = null;
            timer = _slowConsumerTimer;
            _slowConsumerTimer = null;
        }

        timer?.Dispose();
        capacity?.TrySetResult(result);
    }
}
