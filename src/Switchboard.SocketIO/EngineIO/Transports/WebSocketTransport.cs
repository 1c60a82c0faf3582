using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;

namespace Switchboard.SocketIO.EngineIO.Transports;

/// <summary>
/// One WebSocket of a session: one packet per message (socketio-wire.md §3.4). It has one reader
/// (<see cref="ReceiveAsync"/>, driven by the session) and one writer at a time: the send loop once the socket carries
/// the session, or <see cref="SendDirectAsync"/> while it is only probing. The send loop parks on its own wake-up
/// signal rather than on the queue, so a reply queued by a handler running on the receive loop can be written by the
/// receive loop itself (<see cref="FlushInlineAsync"/>) without waking another thread: one thread hop less per ack.
/// </summary>
internal sealed partial class WebSocketTransport : IDisposable, IValueTaskSource
{
    public const string Name = "websocket";

    // A batch stops growing at this size so one flush never holds an unbounded buffer.
    private const int MaxBatchBytes = 64 * 1024;
    private const int InitialReceiveBuffer = 4096;

    private readonly WebSocket _socket;
    private readonly CoalescingStream? _stream;
    private readonly TimeProvider _time;
    private readonly int _maxPayload;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly WriteCoalescer? _coalescer;
    private const int RetainedFrameCapacity = 16 * 1024;

    private ArrayBufferWriter<byte> _frame = new();
    private int _closeStatus = (int)WebSocketCloseStatus.NormalClosure;
    private int _closing;
    private int _discard;

    public WebSocketTransport(WebSocket socket, CoalescingStream? stream, TimeProvider time, EngineIOOptions options, Action? abortConnection = null, WriteCoalescer? coalescer = null)
    {
        _socket = socket;
        _coalescer = coalescer;
        _stream = stream;
        _time = time;
        _maxPayload = options.MaxPayload;
        _writeTimeout = options.WriteTimeout;
        _closeTimeout = options.CloseTimeout;
        _abortConnection = abortConnection;
        _aborted = new CancellationTokenSource();
        _abortToken = _aborted.Token;
    }

    /// <summary>
    /// Called when the session closes, before its queue completes: the close status the send loop ends with, and whether
    /// the close is clean. A clean close (the server closed the session) drains the queue, each write under the write
    /// deadline; any other close discards what is queued and aborts the connection after the close timeout, whatever
    /// the send loop is doing by then (SignalR's WebSocketsServerTransport: on an unclean close nothing more is sent).
    /// </summary>
    public void BeginClose(WebSocketCloseStatus status, bool clean)
    {
        Volatile.Write(ref _closeStatus, (int)status);
        if (!clean)
        {
            Volatile.Write(ref _discard, 1);
            ArmAbortTimer();
        }
    }

    /// <summary>
    /// Receives one whole message into <paramref name="message"/> (rented from the pool; the caller returns it).
    /// An idle socket first does a zero-byte receive, so it holds no buffer while waiting.
    /// </summary>
    /// The receive ends with an exception once the connection is aborted (<see cref="Abort"/>). With one message in flight
    /// the receive usually waits, so its state machine comes from a pool rather than being allocated per message.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<WebSocketMessageKind> ReceiveAsync(PooledBuffer message)
    {
        var cancellationToken = _abortToken;
        var first = await _socket.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
        if (first.MessageType == WebSocketMessageType.Close)
        {
            return WebSocketMessageKind.Close;
        }

        var kind = first.MessageType == WebSocketMessageType.Binary ? WebSocketMessageKind.Binary : WebSocketMessageKind.Text;
        if (first.EndOfMessage)
        {
            return kind;
        }

        message.Rent(InitialReceiveBuffer);
        while (true)
        {
            // Reading at most one byte past the limit tells "too big" without buffering more.
            var room = message.GetMemory(Math.Min(InitialReceiveBuffer, _maxPayload + 1 - message.Length));
            var result = await _socket.ReceiveAsync(room, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return WebSocketMessageKind.Close;
            }

            message.Advance(result.Count);
            if (message.Length > _maxPayload)
            {
                return WebSocketMessageKind.TooBig;
            }

            if (result.EndOfMessage)
            {
                return kind;
            }
        }
    }

    /// <summary>Writes one packet outside the send loop (the probe answer).</summary>
    public async Task SendDirectAsync(EnginePacket packet)
    {
        await _sendLock.WaitAsync(_abortToken);
        try
        {
            await WithWriteDeadlineAsync(SendFrameAsync(packet));
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// The session's writer on WebSocket: takes everything queued, writes it as one batch (one flush), repeats; parks
    /// when the queue is empty until <see cref="Notify"/>. When the queue completes (the session closed) and is
    /// drained (or discarded, see <see cref="BeginClose"/>) it sends the close frame. Throws when the socket fails or
    /// is aborted.
    /// </summary>
    public async Task RunSendLoopAsync(ChannelReader<QueuedSend> queue, Action<Exception>? writeFailed = null)
    {
        _writeFailed = writeFailed;
        Volatile.Write(ref _queue, queue);
        while (true)
        {
            if (Volatile.Read(ref _discard) != 0)
            {
                await DiscardAsync(queue);
                break;
            }

            if (queue.Count == 0)
            {
                if (queue.Completion.IsCompleted)
                {
                    break;
                }

                await WaitForWorkAsync(queue);
                continue;
            }

            await _sendLock.WaitAsync(_abortToken);
            try
            {
                await WriteBatchAsync(queue);
            }
            finally
            {
                _sendLock.Release();
            }
        }

        await CloseAsync((WebSocketCloseStatus)Volatile.Read(ref _closeStatus));
    }

    // The caller holds _sendLock. One batch: one write and one flush for everything taken, up to MaxBatchBytes. Over a
    // CoalescingStream (Kestrel) the frames are encoded straight into the batch; otherwise (TestHost) each goes through
    // the WebSocket.
    private async ValueTask WriteBatchAsync(ChannelReader<QueuedSend> queue)
    {
        if (_stream is null)
        {
            while (Volatile.Read(ref _discard) == 0 && queue.TryRead(out var send))
            {
                for (var i = 0; i < send.Count; i++)
                {
                    await WithWriteDeadlineAsync(SendFrameAsync(send[i]));
                }
            }

            return;
        }

        _stream.BeginBatch();
        while (_stream.BatchedBytes < MaxBatchBytes && Volatile.Read(ref _discard) == 0 && queue.TryRead(out var send))
        {
            // What the WebSocket would refuse: data after its close frame.
            if (_socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
            {
                await _stream.EndBatchAsync(_abortToken);
                throw new WebSocketException(WebSocketError.InvalidState, $"The WebSocket is {_socket.State}: no more messages can be sent.");
            }

            for (var i = 0; i < send.Count; i++)
            {
                _stream.AppendFrame(send[i]);
            }
        }

        await WithWriteDeadlineAsync(_stream.EndBatchAsync(_abortToken));
    }

    /// <summary>
    /// Sends a close frame once, then aborts the connection if the peer has not answered within the close timeout
    /// (the timer also bounds waiting for a write in progress and sending the frame itself).
    /// </summary>
    public async Task CloseAsync(WebSocketCloseStatus status)
    {
        if (Interlocked.Exchange(ref _closing, 1) != 0)
        {
            return;
        }

        ArmAbortTimer();
        var locked = false;
        try
        {
            await _sendLock.WaitAsync(_abortToken);
            locked = true;
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(status, null, _abortToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            Abort();
        }
        finally
        {
            if (locked)
            {
                _sendLock.Release();
            }
        }
    }

    /// <summary>Ends a probe that will not become the session's transport.</summary>
    public void Abandon() => _ = CloseAsync(WebSocketCloseStatus.NormalClosure);

    public void Dispose()
    {
        DisposeTimers();
        _socket.Dispose();
        _sendLock.Dispose();
        _aborted.Dispose();
    }

    private async ValueTask SendFrameAsync(EnginePacket packet)
    {
        if (packet.IsBinary)
        {
            await _socket.SendAsync(packet.Data, WebSocketMessageType.Binary, endOfMessage: true, _abortToken);
            return;
        }

        _frame.ResetWrittenCount();
        EnginePacketWriter.WriteWebSocketFrame(packet, _frame);
        await _socket.SendAsync(_frame.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, _abortToken);
        if (_frame.Capacity > RetainedFrameCapacity)
        {
            // Do not keep a buffer sized for one big message for the connection's lifetime.
            _frame = new ArrayBufferWriter<byte>();
        }
    }
}
