namespace Switchboard.SocketIO;

/// <summary>One event received from a client, as handlers see it.</summary>
public sealed class SocketEvent
{
    private readonly long _ackId;
    private int _acked;

    internal SocketEvent(Socket socket, string name, SocketArgs args, long ackId)
    {
        Socket = socket;
        Name = name;
        Args = args;
        _ackId = ackId;
    }

    /// <summary>The socket that sent the event.</summary>
    public Socket Socket { get; }

    /// <summary>The event name (a numeric name arrives as its decimal text).</summary>
    public string Name { get; }

    /// <summary>The arguments after the name. Valid until the handlers complete.</summary>
    public SocketArgs Args { get; }

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
}
