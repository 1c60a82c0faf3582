namespace Switchboard.SocketIO.EngineIO;

// Flow control (issue 13): the session counts the bytes queued for the client. Above the high-water mark it is not
// writable (volatile packets are dropped) and WaitForCapacityAsync makes a producer wait, up to the slow-consumer
// timeout, after which only this session is closed. Above the limit the full-queue policy applies. A send is always
// accepted into an empty queue, however large, so one big message never stalls forever.
internal sealed partial class EngineSession
{
    private long _queuedBytes;
    private TaskCompletionSource<bool>? _capacity;
    private int _slowConsumerLogged;

    public long QueuedBytes => Interlocked.Read(ref _queuedBytes);

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

            Close(EngineCloseReason.TransportError, new TimeoutException($"The client read too slowly: {QueuedBytes} bytes stayed queued above the high-water mark for {_endpoint.Options.SlowConsumerTimeout}.", ex));
            return false;
        }

        return !IsClosed;
    }

    // Counts a send in, or refuses it (false) when it would take the queue past its byte limit.
    private bool TryReserve(int bytes)
    {
        var after = Interlocked.Add(ref _queuedBytes, bytes);
        if (after > _endpoint.Options.SendQueueLimit && after != bytes)
        {
            Interlocked.Add(ref _queuedBytes, -bytes);
            return false;
        }

        return true;
    }

    // A transport took a send off the queue (to write it, or to discard it).
    private void OnTaken(QueuedSend send) => Release(send.Bytes);

    private void Release(int bytes)
    {
        Interlocked.Add(ref _queuedBytes, -bytes);
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

    private SendQueueReader CreateReader() => new(_queue.Reader, OnTaken);
}
