using System.Buffers;
using Microsoft.AspNetCore.Http;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.EngineIO;

internal sealed partial class EngineSession
{
    // A GET that arrives while a probe is answered is released with a noop after this delay, unless the upgrade
    // packet arrives first (then it gets 400). Node checks every 100 ms (socketio-wire.md §3.7).
    private static readonly TimeSpan ProbeNoopDelay = TimeSpan.FromMilliseconds(50);

    // A client close packet is answered on the pending GET with a noop (socketio-wire.md §3.3). When the close POST
    // overtakes that GET (the client sends both at once), the GET arriving within this grace still gets the noop.
    private static readonly TimeSpan CloseNoopGrace = TimeSpan.FromSeconds(1);

    private PendingPoll? _pendingPoll;
    private bool _postInFlight;
    private ITimer? _closeNoopTimer;

    /// <summary>
    /// For a session closed by the client's close packet: <see langword="true"/> once, for the GET that raced the close
    /// POST (it is answered with a noop); then the session is forgotten.
    /// </summary>
    internal bool TryTakeCloseNoop()
    {
        ITimer? timer;
        lock (_sync)
        {
            timer = _closeNoopTimer;
            _closeNoopTimer = null;
        }

        if (timer is null)
        {
            return false;
        }

        timer.Dispose();
        _endpoint.Remove(this);
        return true;
    }

    private void OweCloseNoopLocked() =>
        _closeNoopTimer = Time.CreateTimer(
            static state => ((EngineSession)state!).ForgetAfterClose(), this, CloseNoopGrace, Timeout.InfiniteTimeSpan);

    private void ForgetAfterClose()
    {
        ITimer? timer;
        lock (_sync)
        {
            timer = _closeNoopTimer;
            _closeNoopTimer = null;
        }

        timer?.Dispose();
        _endpoint.Remove(this);
    }

    /// <summary>A polling GET: waits for packets and answers with all of them in one payload.</summary>
    internal async Task HandlePollAsync(HttpContext context)
    {
        PendingPoll poll;
        EngineErrorCode? refusal = null;
        var overlapping = false;
        lock (_sync)
        {
            if (_closed)
            {
                refusal = EngineErrorCode.UnknownSid;
            }
            else if (_webSocket is not null)
            {
                refusal = EngineErrorCode.BadRequest;
            }
            else if (_pendingPoll is not null)
            {
                refusal = EngineErrorCode.BadRequest;
                overlapping = true;
            }

            poll = new PendingPoll(context.RequestAborted);
            if (refusal is null)
            {
                _pendingPoll = poll;
                if (_upgrade == UpgradeState.Probed)
                {
                    poll.WakeWithNoopAfter(Time, ProbeNoopDelay);
                }
            }
        }

        if (refusal is not null)
        {
            poll.Dispose();
            if (refusal == EngineErrorCode.UnknownSid && TryTakeCloseNoop())
            {
                // The close POST overtook this GET between the endpoint's lookup and here.
                await PollingTransport.WritePayloadAsync(context, PollingTransport.NoopPayload, Time, _endpoint.Options.WriteTimeout);
                return;
            }

            if (overlapping)
            {
                // A second concurrent GET closes the session; the first GET then returns the close packet.
                Close(EngineCloseReason.TransportError, new InvalidOperationException("Overlapping polling GET requests."));
            }

            await EngineErrors.WriteAsync(context, refusal.Value);
            return;
        }

        var payload = new ArrayBufferWriter<byte>();
        var outcome = await WaitForPayloadAsync(poll, payload, context.RequestAborted);
        switch (outcome)
        {
            case PollOutcome.Payload:
                if (!await PollingTransport.WritePayloadAsync(context, payload.WrittenMemory, Time, _endpoint.Options.WriteTimeout))
                {
                    EngineIOLog.WriteTimedOut(Logger, Id, _endpoint.Options.WriteTimeout);
                    Close(EngineCloseReason.TransportError, new TimeoutException($"A polling response did not complete within {_endpoint.Options.WriteTimeout}: the client stopped reading."));
                }

                break;
            case PollOutcome.Upgraded:
                await EngineErrors.WriteAsync(context, EngineErrorCode.BadRequest);
                break;
            case PollOutcome.Aborted:
                Close(EngineCloseReason.TransportError, new IOException("The polling GET was aborted by the client."));
                break;
        }
    }

    private async Task<PollOutcome> WaitForPayloadAsync(PendingPoll poll, ArrayBufferWriter<byte> payload, CancellationToken requestAborted)
    {
        try
        {
            while (true)
            {
                try
                {
                    await _queue.Reader.WaitToReadAsync(poll.Token);
                }
                catch (OperationCanceledException)
                {
                    // Released, closed or aborted: decided below under the lock.
                }

                lock (_sync)
                {
                    // The cases, in order: 1 - the client went away (nothing to answer);
                    // 2 - the session moved to WebSocket; 3 - packets are queued (also when closing: flush them);
                    // 4 - the session closed; 5 - released with a noop; else a spurious wake, wait again.
                    if (requestAborted.IsCancellationRequested)
                    {
                        return Finish(poll, PollOutcome.Aborted);
                    }

                    if (poll.Release == PollRelease.Upgraded || _webSocket is not null)
                    {
                        return Finish(poll, PollOutcome.Upgraded);
                    }

                    var drained = DrainLocked(payload);
                    if (_closed)
                    {
                        // A client close packet is answered with a noop, a server-side close with the close packet.
                        if (_closeReason != EngineCloseReason.TransportClose)
                        {
                            EnginePacketWriter.WritePayloadRecord(EnginePacket.Close, payload, isFirst: drained == 0);
                        }
                        else if (drained == 0)
                        {
                            EnginePacketWriter.WritePayloadRecord(EnginePacket.Noop, payload, isFirst: true);
                        }

                        return Finish(poll, PollOutcome.Payload);
                    }

                    if (drained > 0)
                    {
                        return Finish(poll, PollOutcome.Payload);
                    }

                    if (poll.Release == PollRelease.Noop)
                    {
                        EnginePacketWriter.WritePayloadRecord(EnginePacket.Noop, payload, isFirst: true);
                        return Finish(poll, PollOutcome.Payload);
                    }
                }
            }
        }
        finally
        {
            poll.Dispose();
        }
    }

    // Clears the pending GET under the lock, before the response is written, so the client's next GET is not
    // mistaken for an overlapping one.
    private PollOutcome Finish(PendingPoll poll, PollOutcome outcome)
    {
        if (_pendingPoll == poll)
        {
            _pendingPoll = null;
        }

        return outcome;
    }

    private int DrainLocked(ArrayBufferWriter<byte> payload)
    {
        var count = 0;
        while (_queue.Reader.TryRead(out var send))
        {
            for (var i = 0; i < send.Count; i++)
            {
                EnginePacketWriter.WritePayloadRecord(send[i], payload, isFirst: count == 0);
                count++;
            }
        }

        return count;
    }

    /// <summary>A polling POST: reads the payload (at most maxPayload bytes) and hands each packet to the read side.</summary>
    internal async Task HandlePostAsync(HttpContext context)
    {
        EngineErrorCode? refusal = null;
        var overlapping = false;
        lock (_sync)
        {
            if (_closed)
            {
                refusal = EngineErrorCode.UnknownSid;
            }
            else if (_webSocket is not null || _postInFlight)
            {
                refusal = EngineErrorCode.BadRequest;
                overlapping = _postInFlight;
            }
            else
            {
                _postInFlight = true;
            }
        }

        if (refusal is not null)
        {
            if (overlapping)
            {
                Close(EngineCloseReason.TransportError, new InvalidOperationException("Overlapping polling POST requests."));
            }

            await EngineErrors.WriteAsync(context, refusal.Value);
            return;
        }

        try
        {
            // A body that never completes is ended when the session closes (it cannot pong meanwhile, so the heartbeat
            // closes it at the latest).
            using var bodyRead = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _closing.Token);
            await PollingTransport.ReceivePayloadAsync(this, context, _endpoint.Options.MaxPayload, bodyRead.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or BadHttpRequestException)
        {
            // The cases: 1 - the client went away mid-body; 2 - the session closed while the body was incomplete;
            // 3 - the server's own limits ended the read (Kestrel's minimum data rate). All are the client's doing:
            // logged at debug level, and the connection is aborted since its request body is in an unknown state.
            EngineIOLog.PostAbandoned(Logger, Id, ex);
            context.Abort();
            Close(EngineCloseReason.TransportError, ex);
        }
        finally
        {
            lock (_sync)
            {
                _postInFlight = false;
            }
        }
    }

    private enum PollOutcome
    {
        Payload,
        Upgraded,
        Aborted,
    }
}
