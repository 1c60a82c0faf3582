using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Switchboard.SocketIO.Redis.Protocol;
using TcpSocket = System.Net.Sockets.Socket;

namespace Switchboard.SocketIO.Redis.Subscriptions;

/// <summary>
/// The adapter's publishing connection of its own, with <c>CLIENT REPLY OFF</c>: a PUBLISH is written by the caller's
/// thread and Redis answers nothing, so a broadcast costs no thread hop and no reply to read (StackExchange.Redis hands
/// each write to a copy loop on the thread pool and reads each reply on another). Publishes made while a Socket.IO
/// receive loop (or the subscription's read loop) runs a batch are gathered and written once, when that loop is about
/// to wait (<see cref="Adapters.InMemoryAdapter"/>'s batch end), so the relays of one read cost one <c>send</c> and one
/// Redis read, as Node's client corks the commands of one tick. Every publish of the server goes here, in order.
/// </summary>
/// <remarks>
/// Never blocks the caller: a write the kernel does not take at once continues asynchronously while later publishes
/// gather behind it (bounded by <see cref="MaxPendingBytes"/>; beyond, refused). Fails fast: while the connection is down
/// (Redis away, reconnecting with reset back-off) a publish is refused at once and the caller counts it as dropped;
/// publishes already gathered when a write fails are counted through the drop callback. The loop's only read is the
/// one that sees the end.
/// </remarks>
internal sealed class DedicatedPublisher : IAsyncDisposable
{
    /// <summary>Gathered bytes beyond which a publish is written at once instead of at the batch's end.</summary>
    internal const int FlushThreshold = 64 * 1024;

    /// <summary>Bytes waiting behind a write the kernel did not take at once, beyond which publishes are refused.</summary>
    internal const int MaxPendingBytes = 16 * 1024 * 1024;

    private readonly DedicatedSubscriberSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Action<int, Exception> _onDropped;
    private readonly Action _flush;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpSocket? _socket;
    private ArrayBufferWriter<byte> _pending = new(4096);
    private ArrayBufferWriter<byte> _writing = new(4096);
    private int _pendingCount;
    private bool _sending;
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;
    private bool _disposed;

    // onDropped counts publishes that were accepted and then lost with a failed write (count, reason).
    public DedicatedPublisher(DedicatedSubscriberSettings settings, ILogger logger, TimeProvider timeProvider, Action<int, Exception> onDropped)
    {
        _settings = settings;
        _logger = logger;
        _timeProvider = timeProvider;
        _onDropped = onDropped;
        _flush = Flush;
    }

    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _socket is not null;
            }
        }
    }

    /// <summary>Starts connecting (once) and completes when the connection is up.</summary>
    public Task WaitConnectedAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _loop ??= Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
            return _socket is not null ? Task.CompletedTask : _connected.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Queues PUBLISH (SPUBLISH when <paramref name="sharded"/>): written at the end of this thread's batch when
    /// <paramref name="gather"/> and a batch is open, else at once. False with the reason when the connection is down.
    /// </summary>
    public bool TryPublish(bool sharded, string channel, ReadOnlySpan<byte> message, bool gather, out Exception? error)
    {
        lock (_lock)
        {
            if (_socket is null)
            {
                error = new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "The Redis adapter's publishing connection is down (reconnecting).", null, CommandStatus.WaitingToBeSent);
                return false;
            }

            if (_pending.WrittenCount > MaxPendingBytes)
            {
                error = new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, "The Redis adapter's publishing connection is not keeping up (over 16 MB waiting).", null, CommandStatus.WaitingToBeSent);
                return false;
            }

            RespCommand.WritePublish(_pending, sharded, channel, message);
            _pendingCount++;
            error = null;
            if (gather && _pending.WrittenCount < FlushThreshold && RedisAdapterBase.DeliveryBatch.TryDefer(_flush))
            {
                return true;
            }

            StartWriteLocked();
            return true;
        }
    }

    /// <summary>Writes what is gathered (the batch's end, or at once).</summary>
    private void Flush()
    {
        lock (_lock)
        {
            StartWriteLocked();
        }
    }

    // One write at a time: the gathered bytes go to the socket; a write the kernel takes at once (the usual case) ends
    // here, one that must wait continues in WriteRestAsync, which also writes what gathers meanwhile.
    private void StartWriteLocked()
    {
        if (_sending || _pendingCount == 0 || _socket is not { } socket)
        {
            return;
        }

        (_pending, _writing) = (_writing, _pending);
        var count = _pendingCount;
        _pendingCount = 0;
        ValueTask<int> send;
        try
        {
            send = socket.SendAsync(_writing.WrittenMemory, SocketFlags.None);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            FailLocked(socket, count, ex);
            return;
        }

        if (send.IsCompletedSuccessfully)
        {
            _ = send.Result;
            _writing.ResetWrittenCount();
            return;
        }

        _sending = true;
        _ = WriteRestAsync(socket, send, count);
    }

    private async Task WriteRestAsync(TcpSocket socket, ValueTask<int> send, int count)
    {
        while (true)
        {
            try
            {
                await send;
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                lock (_lock)
                {
                    _sending = false;
                    FailLocked(socket, count, ex);
                    // A new connection may already hold publishes that waited behind this write.
                    StartWriteLocked();
                }

                return;
            }

            lock (_lock)
            {
                _writing.ResetWrittenCount();
                _sending = false;
                if (!ReferenceEquals(_socket, socket))
                {
                    // Reconnected meanwhile: what gathered is for the new connection.
                    StartWriteLocked();
                    return;
                }

                if (_pendingCount == 0)
                {
                    return;
                }

                (_pending, _writing) = (_writing, _pending);
                count = _pendingCount;
                _pendingCount = 0;
                _sending = true;
                try
                {
                    send = socket.SendAsync(_writing.WrittenMemory, SocketFlags.None);
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    _sending = false;
                    FailLocked(socket, count, ex);
                    return;
                }
            }
        }
    }

    // A write failed: what it carried is lost (counted); the read loop notices the end too and reconnects.
    private void FailLocked(TcpSocket socket, int count, Exception ex)
    {
        _writing.ResetWrittenCount();
        if (ReferenceEquals(_socket, socket))
        {
            _socket = null;
            count += _pendingCount;
            _pendingCount = 0;
            _pending.ResetWrittenCount();
        }

        _onDropped(count, ex);
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
            _stopping.Cancel();
        }

        if (loop is not null)
        {
            await loop;
        }

        _connected.TrySetCanceled();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var delay = _settings.FirstRetry;
        while (true)
        {
            string reason;
            TcpSocket? socket = null;
            try
            {
                socket = await ConnectAsync(stopping);
                TaskCompletionSource connected;
                lock (_lock)
                {
                    _socket = socket;
                    _pending.ResetWrittenCount();
                    _pendingCount = 0;
                    connected = _connected;
                }

                connected.TrySetResult();
                delay = _settings.FirstRetry;
                // Nothing comes back after CLIENT REPLY OFF: this read ends when the connection does.
                var scratch = new byte[256];
                while (await socket.ReceiveAsync(scratch, SocketFlags.None, stopping) > 0)
                {
                }

                reason = "closed by the server";
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is IOException or SocketException or InvalidDataException or OperationCanceledException or ObjectDisposedException)
            {
                reason = ex.Message;
            }
            finally
            {
                lock (_lock)
                {
                    if (ReferenceEquals(_socket, socket))
                    {
                        _socket = null;
                        if (_pendingCount > 0)
                        {
                            _onDropped(_pendingCount, new IOException("The Redis adapter's publishing connection closed."));
                        }

                        _pendingCount = 0;
                        _pending.ResetWrittenCount();
                    }

                    if (_connected.Task.IsCompleted)
                    {
                        _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }

                socket?.Dispose();
            }

            _logger.SubscriberDisconnected(_settings.Describe() + " (publishing)", reason, (long)delay.TotalMilliseconds);
            if (!await DedicatedConnection.WaitToRetryAsync(delay, _timeProvider, stopping))
            {
                return;
            }

            delay = DedicatedConnection.NextDelay(delay, _settings);
        }
    }

    // Connects, then AUTH (when configured) and CLIENT SETNAME with their replies read, then CLIENT REPLY OFF.
    private async Task<TcpSocket> ConnectAsync(CancellationToken stopping)
    {
        var socket = await DedicatedConnection.ConnectAsync(_settings, _timeProvider, stopping);
        try
        {
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            await DedicatedConnection.HandshakeAsync(stream, reader, _settings, _settings.ClientName + "-pub", _timeProvider, stopping);
            await stream.WriteAsync(RespCommand.ToArray("CLIENT", "REPLY", "OFF"), stopping);
            await reader.CompleteAsync();
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
