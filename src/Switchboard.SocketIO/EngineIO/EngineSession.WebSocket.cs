using System.Net.WebSockets;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.EngineIO;

internal sealed partial class EngineSession
{
    private WebSocketTransport? _webSocket;

    /// <summary>
    /// Runs a WebSocket of this session until it ends: the read loop here, plus the send loop once the socket carries
    /// the session. A probing socket (<paramref name="probing"/>) first only takes part in the upgrade (.Upgrade).
    /// </summary>
    internal async Task RunWebSocketAsync(WebSocketTransport socket, bool probing)
    {
        var sendLoop = probing ? null : RunSendLoopAsync(socket);
        using var message = new PooledBuffer();
        var unflushed = 0;
        try
        {
            while (true)
            {
                // Sends that handlers queued for other sockets (a broadcast) are written by this thread, but only
                // when it would wait: messages already read are handled first, so their sends share writes.
                var receive = socket.ReceiveAsync(message);
                if (!receive.IsCompleted || ++unflushed >= DeferredFlushes.MaxMessagesPerFlush)
                {
                    DeferredFlushes.FlushAll();
                    unflushed = 0;
                }

                var kind = await receive;
                if (kind == WebSocketMessageKind.Close)
                {
                    break;
                }

                if (IsClosed && !probing)
                {
                    // Waiting for the peer's close frame (bounded by the close timeout); late messages are ignored.
                    message.Return();
                    continue;
                }

                if (kind == WebSocketMessageKind.TooBig)
                {
                    // The session closes here, and what follows of the message is ignored above.
                    PayloadTooLarge();
                    message.Return();
                    if (probing)
                    {
                        await socket.CloseAsync(WebSocketCloseStatus.MessageTooBig);
                    }
                    else
                    {
                        Close(EngineCloseReason.TransportError, new InvalidDataException("WebSocket message over maxPayload."), WebSocketCloseStatus.MessageTooBig);
                    }

                    continue;
                }

                if (!CheckHeartbeat())
                {
                    continue;
                }

                EnginePacket packet;
                try
                {
                    packet = kind == WebSocketMessageKind.Binary
                        ? new EnginePacket(EnginePacketType.Message, message.Memory, IsBinary: true)
                        : EnginePacketReader.ReadText(message.Memory);
                }
                catch (InvalidDataException ex)
                {
                    if (probing)
                    {
                        AbandonProbe(socket, "invalid packet");
                    }
                    else
                    {
                        ParseError(ex);
                    }

                    continue;
                }

                if (probing)
                {
                    DeferredFlushes.FlushAll();
                    var outcome = await OnProbePacketAsync(socket, packet);
                    if (outcome == ProbeOutcome.Upgraded)
                    {
                        probing = false;
                        sendLoop = RunSendLoopAsync(socket);
                    }
                }
                else
                {
                    var entered = EnterReceiveAsync();
                    if (!entered.IsCompleted)
                    {
                        DeferredFlushes.FlushAll();
                    }

                    await entered;
                    bool inline;
                    try
                    {
                        // While the handler runs synchronously, its replies wait for the flush below (on this
                        // thread) instead of waking the send loop.
                        ValueTask<bool> dispatch;
                        socket.BeginDefer();
                        DeferredFlushes.Enter();
                        try
                        {
                            dispatch = DispatchAsync(packet);
                        }
                        finally
                        {
                            DeferredFlushes.Exit();
                            socket.EndDefer();
                        }

                        inline = dispatch.IsCompleted;
                        if (!inline)
                        {
                            DeferredFlushes.FlushAll();
                            socket.Notify();
                        }

                        await dispatch;
                    }
                    finally
                    {
                        ExitReceive();
                    }

                    if (inline)
                    {
                        var flushed = socket.FlushInlineAsync(_queue.Reader);
                        if (!flushed.IsCompleted)
                        {
                            DeferredFlushes.FlushAll();
                        }

                        await flushed;
                    }
                }

                message.Return();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            if (!probing)
            {
                TransportFailed(socket, ex);
            }
        }
        finally
        {
            DeferredFlushes.FlushAll();
            if (probing)
            {
                AbandonProbe(socket, "socket closed");
            }
            else
            {
                // The client closed the socket (or it failed): the session ends with it.
                Close(EngineCloseReason.TransportClose, null);
            }

            if (sendLoop is not null)
            {
                await sendLoop;
            }

            socket.Dispose();
        }
    }

    private async Task RunSendLoopAsync(WebSocketTransport socket)
    {
        try
        {
            await socket.RunSendLoopAsync(_queue.Reader, ex => OnEnlistedWriteFailed(socket, ex));
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            TransportFailed(socket, ex);
            // Ends the receive side too: it gets the close timeout to see the peer's close frame (usually it is aborted).
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure);
        }
    }

    // A write that another receive loop started (DeferredFlushes) failed: handled as the send loop's would be.
    private void OnEnlistedWriteFailed(WebSocketTransport socket, Exception exception)
    {
        TransportFailed(socket, exception);
        _ = socket.CloseAsync(WebSocketCloseStatus.NormalClosure);
    }

    // The socket failed or was aborted: a write that ran past the write timeout is the client's doing (it stopped
    // reading) and is logged as such, once, at information level.
    private void TransportFailed(WebSocketTransport socket, Exception exception)
    {
        if (IsClosed)
        {
            return;
        }

        if (socket.WriteTimedOut)
        {
            EngineIOLog.WriteTimedOut(Logger, Id, _endpoint.Options.WriteTimeout);
            exception = new TimeoutException($"A write to the client did not complete within {_endpoint.Options.WriteTimeout}: the client stopped reading.", exception);
        }
        else
        {
            EngineIOLog.TransportFailed(Logger, Id, exception);
        }

        Close(EngineCloseReason.TransportError, exception);
    }

    /// <summary>A session opened directly over WebSocket (no polling first, upgrades <c>[]</c>).</summary>
    internal void AttachWebSocket(WebSocketTransport socket)
    {
        lock (_sync)
        {
            _webSocket = socket;
            _upgrade = UpgradeState.Upgraded;
        }
    }
}
