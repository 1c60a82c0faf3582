using System.Net.WebSockets;
using Microsoft.Extensions.Logging;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// One Engine.IO session: the state shared by its transports, its bounded send queue, and the calls into the
/// <see cref="IEngineHandler"/>. Split by concern: <c>.Receive</c> (the read side), <c>.Polling</c>,
/// <c>.WebSocket</c>, <c>.Upgrade</c> and <c>.Heartbeat</c>.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Reliability",
    "CA2213:Disposable fields should be disposed",
    Justification = "Neither the semaphore nor the token source ever creates a wait handle or timer; both live as long as the session.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "See CA2213: nothing to release, and the session's end is Close, not Dispose.")]
internal sealed partial class EngineSession : IEngineConnection
{
    private readonly EngineEndpoint _endpoint;
    private readonly SendQueue _queue;
    private readonly Lock _sync = new();
    private readonly CancellationTokenSource _closing = new();
    private string _transport;
    private bool _closed;
    private EngineCloseReason _closeReason;
    private int _queueFullLogged;

    public EngineSession(EngineEndpoint endpoint, string id, EngineHandshake handshake, string transport)
    {
        _endpoint = endpoint;
        Id = id;
        Handshake = handshake;
        _transport = transport;
        // The writer side is the application (many threads); the reader is the one transport writing at a time.
        _queue = new SendQueue(endpoint.Options.SendQueueCapacity, this);
    }

    public string Id { get; }

    public EngineHandshake Handshake { get; }

    public string Transport
    {
        get
        {
            lock (_sync)
            {
                return _transport;
            }
        }
    }

    public bool IsWritable
    {
        get
        {
            lock (_sync)
            {
                return !_closed && (_webSocket is not null || _pendingPoll is not null) && !AboveHighWaterMark;
            }
        }
    }

    public bool IsClosed => Volatile.Read(ref _closed);

    public CancellationToken Closed => _closing.Token;

    internal ILogger Logger => _endpoint.Logger;

    public bool TrySend(EngineMessage message) => TryEnqueue(new QueuedSend(EnginePacket.FromMessage(message)));

    public bool TrySend(ReadOnlySpan<EngineMessage> messages)
    {
        if (messages.Length == 1)
        {
            return TrySend(messages[0]);
        }

        if (messages.IsEmpty)
        {
            return !IsClosed;
        }

        var packets = new EnginePacket[messages.Length];
        for (var i = 0; i < messages.Length; i++)
        {
            packets[i] = EnginePacket.FromMessage(messages[i]);
        }

        return TryEnqueue(new QueuedSend(packets));
    }

    public void Close() => Close(EngineCloseReason.ForcedClose, null);

    /// <summary>Queues a packet; applies the full-queue policy when the queue is at capacity.</summary>
    internal bool TryEnqueue(QueuedSend send)
    {
        if (WithinByteLimit(send) && _queue.Writer.TryWrite(send))
        {
            // A handler that queues a lot while the receive loop defers, or a producer that fills the queue between
            // two flush ticks, wakes the send loop at the high-water mark.
            var webSocket = Volatile.Read(ref _webSocket);
            webSocket?.Notify(force: (webSocket.IsDeferred || webSocket.Coalesces) && AboveHighWaterMark);
            return true;
        }

        if (IsClosed)
        {
            return false;
        }

        var options = _endpoint.Options;
        // A client that reads too slowly: logged once per session, however many sends the drop policy refuses.
        if (Interlocked.Exchange(ref _queueFullLogged, 1) == 0)
        {
            EngineIOLog.SendQueueFull(Logger, Id, options.SendQueueCapacity, options.SendQueueLimit, options.FullQueuePolicy);
        }

        if (options.FullQueuePolicy == EngineFullQueuePolicy.CloseSession)
        {
            RecordSlowConsumer();
            Close(EngineCloseReason.TransportError, new IOException($"The send queue is full ({options.SendQueueCapacity} sends or {options.SendQueueLimit} bytes): the client reads too slowly."));
        }

        return false;
    }

    /// <summary>
    /// Closes the session once: removes it from the endpoint, stops the heartbeat, lets the transport finish
    /// (a pending GET gets what is queued plus the close packet, a WebSocket drains its queue then sends a close frame
    /// with <paramref name="webSocketStatus"/>), and then tells the handler.
    /// </summary>
    internal void Close(EngineCloseReason reason, Exception? exception, WebSocketCloseStatus webSocketStatus = WebSocketCloseStatus.NormalClosure)
    {
        PendingPoll? poll;
        WebSocketTransport? webSocket;
        WebSocketTransport? probe;
        bool oweNoop;
        lock (_sync)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _closeReason = reason;
            poll = _pendingPoll;
            webSocket = _webSocket;
            probe = _probe;
            _probe = null;
            // Set under the same lock as _closed, so a racing GET that sees the close also sees the noop owed.
            oweNoop = reason == EngineCloseReason.TransportClose && poll is null && webSocket is null;
            if (oweNoop)
            {
                OweCloseNoopLocked();
            }
        }

        RecordClosed(reason);
        if (!oweNoop)
        {
            _endpoint.Remove(this);
        }

        StopHeartbeat();
        StopUpgradeTimer();
        // Only a close the server chose drains the queue; after anything the client caused, nothing more is written.
        webSocket?.BeginClose(
            reason == EngineCloseReason.ServerShuttingDown ? WebSocketCloseStatus.EndpointUnavailable : webSocketStatus,
            clean: reason is EngineCloseReason.ForcedClose or EngineCloseReason.ServerShuttingDown);
        _queue.Writer.TryComplete();
        WakeCapacityWaiters(result: false);
        webSocket?.Notify(force: true);
        poll?.Wake(PollRelease.None);
        probe?.Abandon();
        try
        {
            _closing.Cancel();
        }
        catch (AggregateException ex)
        {
            // A callback the handler registered on its token threw; this may run on a timer thread, so never rethrow.
            EngineIOLog.HandlerError(Logger, Id, ex);
        }

        _ = FinishCloseAsync(reason, exception);
    }

    private async Task FinishCloseAsync(EngineCloseReason reason, Exception? exception)
    {
        // After any OnMessageAsync in flight: the handler never sees a close overlap a message.
        await _receiveLock.WaitAsync();
        try
        {
            EngineIOLog.SessionClosed(Logger, Id, reason, exception);
            if (_opened)
            {
                await _endpoint.Handler.OnCloseAsync(this, reason, exception);
            }
        }
        catch (Exception ex)
        {
            EngineIOLog.HandlerError(Logger, Id, ex);
        }
        finally
        {
            _receiveLock.Release();
        }
    }
}
