using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Diagnostics;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO;

// Sending: events, acks in both directions.
public sealed partial class Socket
{
    private readonly Lock _acksLock = new();
    private Dictionary<long, object>? _acks;

    /// <summary>
    /// Sends an event to this client. Byte buffers (<c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/>) become binary
    /// attachments; a <see cref="SocketArgs"/> is spread. Dropped silently when the socket is gone, as in Node.
    /// </summary>
    /// <remarks>
    /// The event is queued before this returns. The task completes at once while the client keeps up; when more than
    /// <see cref="EngineIO.EngineIOOptions.SendQueueHighWaterMark"/> is queued for it, it completes once the client
    /// has read half of that (backpressure for a producer that awaits each emit), or once the client was closed as a
    /// slow consumer after <see cref="EngineIO.EngineIOOptions.SlowConsumerTimeout"/>. It never fails. Not awaiting it
    /// is allowed (fire-and-forget): the emit then never waits, and its bytes count toward
    /// <see cref="EngineIO.EngineIOOptions.SendQueueLimit"/>.
    /// </remarks>
    public ValueTask EmitAsync(string eventName, params ReadOnlySpan<object?> args)
    {
        Namespace.ThrowIfReserved(eventName);
        if (Namespace.Server.Options.ConnectionStateRecovery is not null)
        {
            // With recovery on, plain emits go through the adapter so they get an offset and a place in the log.
            return new BroadcastOperator(Namespace).To(Id).EmitAsync(eventName, args);
        }

        using var activity = SocketIOActivities.StartEmit(Namespace, eventName, Id);
        Namespace.Server.Instrumentation.EventSent(this, eventName, args);
        return Send(SocketPayloadWriter.Event(Namespace.Name, eventName, args, -1, Namespace.Server.Options.SerializerOptions), isVolatile: false)
            ? Client.WaitForCapacityAsync(CancellationToken.None)
            : ValueTask.CompletedTask;
    }

    /// <summary>
    /// Sends an event and waits for the client's ack. Fails with <see cref="TimeoutException"/> after
    /// <paramref name="timeout"/> (none when <see langword="null"/>), with <see cref="OperationCanceledException"/> on
    /// cancellation, with <see cref="SocketDisconnectedException"/> if the socket leaves first, and at once with an
    /// <see cref="IOException"/> when the packet could not be queued (the connection's send queue is full).
    /// </summary>
    public async Task<SocketArgs> EmitWithAckAsync(string eventName, object?[] args, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        Namespace.ThrowIfReserved(eventName);
        ArgumentNullException.ThrowIfNull(args);
        var id = Namespace.NextAckId();
        var waiter = new TaskCompletionSource<SocketArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_acksLock)
        {
            if (!Connected)
            {
                throw new SocketDisconnectedException();
            }

            (_acks ??= [])[id] = waiter;
        }

        try
        {
            bool sent;
            using (SocketIOActivities.StartEmit(Namespace, eventName, Id))
            {
                Namespace.Server.Instrumentation.EventSent(this, eventName, args);
                sent = Send(SocketPayloadWriter.Event(Namespace.Name, eventName, args, id, Namespace.Server.Options.SerializerOptions), isVolatile: false);
            }

            if (!sent)
            {
                // Never sent: no answer can come. A closed connection is a disconnect; otherwise the queue refused it.
                throw Client.Connection.IsClosed || !Connected
                    ? new SocketDisconnectedException()
                    : new IOException("The event was not sent: the connection's send queue is full.");
            }

            return timeout is { } limit
                ? await waiter.Task.WaitAsync(limit, Namespace.Server.TimeProvider, cancellationToken)
                : await waiter.Task.WaitAsync(cancellationToken);
        }
        catch (TimeoutException) when (Namespace.Server.Instrumentation.AckTimedOut(Namespace))
        {
            throw;
        }
        finally
        {
            RemoveAck(id);
        }
    }

    /// <summary>Like <see cref="EmitWithAckAsync(string, object?[], TimeSpan?, CancellationToken)"/>, binding the first ack argument to <typeparamref name="T"/>.</summary>
    public async Task<T?> EmitWithAckAsync<T>(string eventName, object?[] args, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var result = await EmitWithAckAsync(eventName, args, timeout, cancellationToken);
        return result.Get<T>(0);
    }

    internal bool SendAck(long ackId, ReadOnlySpan<object?> args)
    {
        var packet = SocketPayloadWriter.AckToOne(Namespace.Name, ackId, args, Namespace.Server.Options.SerializerOptions, out var text);
        return packet is null ? Client.Connection.TrySend(text) : Send(packet, isVolatile: false);
    }

    internal bool SendExpectingAck(SocketPacket packet, BroadcastAckCollector collector, bool isVolatile)
    {
        lock (_acksLock)
        {
            if (!Connected)
            {
                return false;
            }

            (_acks ??= [])[packet.AckId] = collector;
        }

        collector.Track(this);

        // A failed send is not counted, unless the socket left meanwhile: FailPendingAcks then already took the ack
        // and told the collector this client is gone, which only balances if the client was counted.
        return Send(packet, isVolatile) || !TryRemoveAck(packet.AckId);
    }

    /// <summary>How many acks this socket still waits for (single emits and broadcasts).</summary>
    internal int PendingAckCount
    {
        get
        {
            lock (_acksLock)
            {
                return _acks?.Count ?? 0;
            }
        }
    }

    internal void RemoveAck(long ackId) => TryRemoveAck(ackId);

    private bool TryRemoveAck(long ackId)
    {
        lock (_acksLock)
        {
            return _acks is not null && _acks.Remove(ackId);
        }
    }

    /// <summary>An ACK from the client. Unknown ids are ignored (socketio-wire.md §4.2).</summary>
    internal void OnAck(IncomingPacket packet)
    {
        object? waiter = null;
        lock (_acksLock)
        {
            _acks?.Remove(packet.AckId, out waiter);
        }

        // Ack arguments go to code that awaits them for as long as it likes: they are not released to the pool.
        var args = SocketArgs.FromPacket(packet.Data!, 0, packet.Attachments, Namespace.Server.Options.SerializerOptions);
        switch (waiter)
        {
            case TaskCompletionSource<SocketArgs> single:
                single.TrySetResult(args);
                break;
            case BroadcastAckCollector collector:
                collector.AddResponse(args);
                break;
            default:
                packet.Dispose();
                break;
        }
    }

    private void FailPendingAcks()
    {
        Dictionary<long, object>? acks;
        lock (_acksLock)
        {
            acks = _acks;
            _acks = null;
        }

        if (acks is null)
        {
            return;
        }

        foreach (var waiter in acks.Values)
        {
            switch (waiter)
            {
                case TaskCompletionSource<SocketArgs> single:
                    single.TrySetException(new SocketDisconnectedException());
                    break;
                case BroadcastAckCollector collector:
                    // A recipient that left will not answer: the broadcast stops waiting for it.
                    collector.RemoveClient();
                    break;
                default:
                    break;
            }
        }
    }
}
