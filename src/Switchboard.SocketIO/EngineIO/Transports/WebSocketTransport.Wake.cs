using System.Net.WebSockets;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;

namespace Switchboard.SocketIO.EngineIO.Transports;

// Who writes, and when: the send loop parks on its own signal (not on the queue), so a send queued by a handler on a
// receive loop can be written by that receive loop (its own session's replies: FlushInlineAsync; other sessions' after
// a broadcast: DeferredFlushes) without waking another thread. One writer at a time, under _sendLock.
internal sealed partial class WebSocketTransport
{
    // _wakeState bits: the send loop is parked waiting for Notify; the receive loop runs a handler and flushes after;
    // another receive loop's handler queued for this socket and writes it itself before it waits (DeferredFlushes).
    private const int Parked = 1;
    private const int Deferred = 2;
    private const int Enlisted = 4;

    private int _wakeState;
    private ManualResetValueTaskSourceCore<bool> _wake = new() { RunContinuationsAsynchronously = true };
    private ChannelReader<QueuedSend>? _queue;
    private Action<Exception>? _writeFailed;

    /// <summary>
    /// Tells the send loop that something was queued. Does nothing while the loop is busy (it looks at the queue
    /// again before parking), while the receive loop defers (<see cref="BeginDefer"/>: it flushes afterwards) or while
    /// the socket is enlisted (a receive loop or the flush tick writes it soon), unless <paramref name="force"/> (the
    /// queue completed, or is past the high-water mark). With a flush tick (<see cref="WriteCoalescer"/>) it marks the
    /// socket dirty there; otherwise, called inside a receive loop's handler (a broadcast), it enlists this socket there
    /// (<see cref="DeferredFlushes"/>) instead of waking the send loop.
    /// </summary>
    public void Notify(bool force = false)
    {
        var state = Volatile.Read(ref _wakeState);
        while ((state & Parked) != 0 && (force || (state & (Deferred | Enlisted)) == 0))
        {
            var enlist = !force && (_coalescer is not null || DeferredFlushes.IsOpen);
            var seen = Interlocked.CompareExchange(ref _wakeState, enlist ? state | Enlisted : state & ~Parked, state);
            if (seen == state)
            {
                if (enlist && _coalescer is not null)
                {
                    _coalescer.Add(this);
                }
                else if (enlist)
                {
                    DeferredFlushes.Add(this);
                }
                else
                {
                    // Whoever clears Parked completes the wait, exactly once per park.
                    _wake.SetResult(true);
                }

                return;
            }

            state = seen;
        }
    }

    /// <summary>Whether this socket's sends wait for the endpoint's flush tick (<see cref="WriteCoalescer"/>).</summary>
    public bool Coalesces => _coalescer is not null;

    /// <summary>
    /// Called by <see cref="DeferredFlushes.FlushAll"/> on the thread that enlisted this socket, or by the flush tick
    /// (<see cref="WriteCoalescer"/>): writes what is queued from there when no other write is in progress (a write that does not complete at once finishes on its own),
    /// otherwise wakes the send loop.
    /// </summary>
    public void FlushEnlisted()
    {
        Interlocked.And(ref _wakeState, ~Enlisted);
        _ = WriteEnlistedAsync();
    }

    private async Task WriteEnlistedAsync()
    {
        var queue = Volatile.Read(ref _queue);
        if (queue is null || queue.Count == 0)
        {
            return;
        }

        try
        {
            await FlushInlineAsync(queue);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // As a failed write of the send loop: the session closes (and the send loop, woken, ends).
            _writeFailed?.Invoke(ex);
        }
    }

    /// <summary>Whether the send loop waits for <see cref="Notify"/> (for tests).</summary>
    public bool IsParked => (Volatile.Read(ref _wakeState) & Parked) != 0;

    /// <summary>Whether the receive loop is running a handler and will flush after it.</summary>
    public bool IsDeferred => (Volatile.Read(ref _wakeState) & Deferred) != 0;

    /// <summary>The receive loop is about to run a handler synchronously: sends queued meanwhile wait for its flush.</summary>
    public void BeginDefer() => Interlocked.Or(ref _wakeState, Deferred);

    /// <summary>Ends <see cref="BeginDefer"/>; the caller then flushes (<see cref="FlushInlineAsync"/>) or notifies.</summary>
    public void EndDefer() => Interlocked.And(ref _wakeState, ~Deferred);

    /// <summary>
    /// Called by the receive loop after <see cref="EndDefer"/>: writes what is queued on this thread when no other write
    /// is in progress, otherwise leaves it to the send loop.
    /// </summary>
    public async ValueTask FlushInlineAsync(ChannelReader<QueuedSend> queue)
    {
        if (queue.Count == 0)
        {
            return;
        }

        // What this write leaves behind (a write in progress, a backlog past one batch) is the send loop's: with a
        // flush tick it is woken rather than made to wait for another tick.
        var wake = _coalescer is not null;
        if (Volatile.Read(ref _discard) != 0 || !_sendLock.Wait(0))
        {
            Notify(force: wake);
            return;
        }

        try
        {
            await WriteBatchAsync(queue);
        }
        finally
        {
            _sendLock.Release();
        }

        if (queue.Count > 0)
        {
            Notify(force: wake);
        }
    }

    void IValueTaskSource.GetResult(short token) => _wake.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _wake.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _wake.OnCompleted(continuation, state, token, flags);

    private ValueTask WaitForWorkAsync(ChannelReader<QueuedSend> queue)
    {
        _wake.Reset();
        Interlocked.Or(ref _wakeState, Parked);
        // Look again after parking: something queued before the flag was visible would not have woken us.
        if ((queue.Count > 0 || queue.Completion.IsCompleted) && (Interlocked.And(ref _wakeState, ~Parked) & Parked) != 0)
        {
            return ValueTask.CompletedTask;
        }

        // Either nothing is queued, or a Notify cleared Parked first and completes this wait.
        return new ValueTask(this, _wake.Version);
    }
}
