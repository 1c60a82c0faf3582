namespace Switchboard.SocketIO;

/// <summary>One event received from a client, as handlers see it.</summary>
public sealed class SocketEvent
{
    private readonly long _ackId;
    private readonly Func<SocketEvent, ValueTask>[]? _any;
    private readonly Func<SocketEvent, ValueTask>[]? _own;
    private readonly Func<SocketEvent, ValueTask>[]? _shared;
    private int _acked;

    internal SocketEvent(Socket socket, string name, SocketArgs args, long ackId)
    {
        Socket = socket;
        Name = name;
        Args = args;
        _ackId = ackId;
    }

    internal SocketEvent(Socket socket, string name, SocketArgs args, long ackId, Func<SocketEvent, ValueTask>[]? any, Func<SocketEvent, ValueTask>[]? own, Func<SocketEvent, ValueTask>[]? shared)
        : this(socket, name, args, ackId)
    {
        _any = any;
        _own = own;
        _shared = shared;
    }

    /// <summary>The socket that sent the event.</summary>
    public Socket Socket { get; }

    /// <summary>The event name (a numeric name arrives as its decimal text).</summary>
    public string Name { get; }

    /// <summary>The arguments after the name. Valid until the handlers complete.</summary>
    public SocketArgs Args { get; }

    /// <summary>
    /// Fires when the socket leaves its namespace (the client disconnects, the server disconnects it, or the
    /// connection closes): pass it to the work a handler awaits.
    /// </summary>
    public CancellationToken CancellationToken => Socket.DisconnectToken;

    /// <summary><see langword="true"/> when the client asked for an acknowledgement.</summary>
    public bool HasAck => _ackId >= 0;

    /// <summary><see langword="true"/> once an acknowledgement was sent.</summary>
    public bool IsAcked => Volatile.Read(ref _acked) != 0;

    /// <summary>
    /// Answers the client's acknowledgement with <paramref name="args"/> (byte buffers become binary attachments;
    /// a <see cref="SocketArgs"/> is spread). One-shot, like Node's callback: returns <see langword="false"/> when no
    /// ack was asked for, one was already sent, or the socket is gone.
    /// </summary>
    public bool Ack(params ReadOnlySpan<object?> args)
    {
        if (_ackId < 0 || Interlocked.Exchange(ref _acked, 1) != 0)
        {
            return false;
        }

        return Socket.SendAck(_ackId, args);
    }

    /// <summary>Runs the handlers found for this event; an event of a socket that left meanwhile is dropped.</summary>
    internal ValueTask InvokeAsync()
    {
        if (!Socket.Connected)
        {
            Args.Release();
            return ValueTask.CompletedTask;
        }

        return EventHandlers.InvokeAsync(this, _any, _own, _shared);
    }
}
