namespace Switchboard.SocketIO.EngineIO;

// Flow control (issue 13): the session counts the bytes queued for the client. Above the high-water mark it is not
// writable (volatile packets are dropped) and WaitForCapacityAsync makes a producer wait, up to the slow-consumer
// timeout, after which only this session is closed. Above the limit the full-queue policy applies. A send is always
// accepted into an empty queue, however large, so one big message never stalls forever.
internal sealed partial class EngineSession
{
    private TaskCompletionSource<bool>? _capacity;
    private int _slowConsumerLogged;

    // The count itself is SendQueue's (also reported as engineio.server.send_queue.size); see EngineSession.Metrics.
    long IEngineConnection.QueuedBytes => QueuedBytes;

    // Bytes over the mark, or the queue half full in entries (many small sends must wait too, before the entry
    // capacity's full-queue policy would close the session).
    private bool AboveHighWaterMark =>
        QueuedBytes > _endpoint.Options.SendQueueHighWaterMark || _queue.Reader.Count * 2 >= _endpoint.Options.SendQueueCapacity;

    public async ValueTask<bool> WaitForCapacityAsync(CancellationToken cancellationToken = default)
    {
        TaskCompletionSource<bool> capacity;
        lock (_sync)
        {
            if (_closed)
            {
                return false;
            }

            if (!AboveHighWaterMark)
            {
                return true;
            }

            capacity = _capacity ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        try
        {
            await capacity.Task.WaitAsync(_endpoint.Options.SlowConsumerTimeout, Time, cancellationToken);
        }
        catch (TimeoutException ex)
        {
            if (Interlocked.Exchange(ref _slowConsumerLogged, 1) == 0)
            {
                EngineIOLog.SlowConsumer(Logger, Id, QueuedBytes, _endpoint.Options.SlowConsumerTimeout);
            }

            RecordSlowConsumer();
            Close(EngineCloseReason.TransportError, new TimeoutException($"The client read too slowly: {QueuedBytes} bytes stayed queued above the high-water mark for {_endpoint.Options.SlowConsumerTimeout}.", ex));
            return false;
        }

        return !IsClosed;
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
        if (Volatile.Read(ref _capacity) is not null && !AboveHighWaterMark)
        {
            WakeCapacityWaiters(result: true);
        }
    }

    // Called with true when the queue drained below the high-water mark, with false when the session closed.
    private void WakeCapacityWaiters(bool result)
    {
        TaskCompletionSource<bool>? capacity;
        lock (_sync)
        {
            capacity = _capacity;
            _capacity = null;
        }

        capacity?.TrySetResult(result);
    }
}
