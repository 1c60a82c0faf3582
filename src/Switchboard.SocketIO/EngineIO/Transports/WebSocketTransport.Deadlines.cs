using System.Threading.Channels;

namespace Switchboard.SocketIO.EngineIO.Transports;

// The close discipline of SignalR's WebSocketsServerTransport: the receive and the send side each run under the
// connection's abort token; a write that does not complete within the write timeout aborts the connection; once the
// send side has ended (close frame sent, or the close was unclean) the peer has the close timeout to finish, then the
// connection is aborted. Aborting cancels the token (which ends a pending receive or write), aborts the WebSocket and
// aborts the HTTP connection, so the TCP connection is closed even if the peer never says another word.
internal sealed partial class WebSocketTransport
{
    private readonly TimeSpan _writeTimeout;
    private readonly TimeSpan _closeTimeout;
    private readonly Action? _abortConnection;
    private readonly CancellationTokenSource _aborted;
    private readonly CancellationToken _abortToken;
    private readonly Lock _abortLock = new();
    private ITimer? _writeTimer;
    private ITimer? _abortTimer;
    private bool _abortedOrDisposed;
    private int _writeTimedOut;

    /// <summary>Whether the connection was aborted because a write did not complete within the write timeout.</summary>
    public bool WriteTimedOut => Volatile.Read(ref _writeTimedOut) != 0;

    /// <summary>Aborts the connection now: pending receives and writes end with an exception, the TCP connection closes.</summary>
    public void Abort()
    {
        lock (_abortLock)
        {
            // After Dispose the HTTP request is over and its context may already serve another request.
            if (_abortedOrDisposed)
            {
                return;
            }

            _abortedOrDisposed = true;
            try
            {
                _aborted.Cancel();
            }
            catch (AggregateException)
            {
                // A registration of the socket or the server threw; the aborts below still run.
            }

            _socket.Abort();
            _abortConnection?.Invoke();
        }
    }

    // Arms the close timeout once: when it fires, the connection is aborted whatever the peer or the send loop does.
    private void ArmAbortTimer()
    {
        lock (_abortLock)
        {
            if (_abortedOrDisposed || _abortTimer is not null)
            {
                return;
            }

            _abortTimer = _time.CreateTimer(static state => ((WebSocketTransport)state!).Abort(), this, _closeTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    // One write at a time runs here (the caller holds _sendLock), so one timer serves them all. A write that completed
    // synchronously (the usual case: the socket's buffer had room) costs no timer operation.
    private ValueTask WithWriteDeadlineAsync(ValueTask write) => write.IsCompleted ? write : AwaitWithDeadlineAsync(write);

    private async ValueTask AwaitWithDeadlineAsync(ValueTask write)
    {
        ITimer? timer;
        lock (_abortLock)
        {
            if (!_abortedOrDisposed)
            {
                _writeTimer ??= _time.CreateTimer(static state => ((WebSocketTransport)state!).OnWriteTimeout(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            timer = _writeTimer;
            timer?.Change(_writeTimeout, Timeout.InfiniteTimeSpan);
        }

        try
        {
            await write;
        }
        finally
        {
            lock (_abortLock)
            {
                if (!_abortedOrDisposed)
                {
                    timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
            }
        }
    }

    private void OnWriteTimeout()
    {
        Volatile.Write(ref _writeTimedOut, 1);
        Abort();
    }

    // After an unclean close nothing more is written: what is queued is dropped by the queue's one reader.
    private async ValueTask DiscardAsync(ChannelReader<QueuedSend> queue)
    {
        await _sendLock.WaitAsync(_abortToken);
        try
        {
            while (queue.TryRead(out _))
            {
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private void DisposeTimers()
    {
        lock (_abortLock)
        {
            _abortedOrDisposed = true;
            _writeTimer?.Dispose();
            _abortTimer?.Dispose();
        }
    }
}
