namespace Switchboard.SocketIO;

/// <summary>An event another server of the cluster sent to this namespace (socket.io <c>serverSideEmit</c>).</summary>
public sealed class ServerSideEvent
{
    private readonly Action<object?>? _ack;
    private int _acked;

    internal ServerSideEvent(string name, SocketArgs args, Action<object?>? ack)
    {
        Name = name;
        Args = args;
        _ack = ack;
    }

    /// <summary>The event name.</summary>
    public string Name { get; }

    /// <summary>The arguments.</summary>
    public SocketArgs Args { get; }

    /// <summary><see langword="true"/> when the sender waits for an answer.</summary>
    public bool HasAck => _ack is not null;

    /// <summary>Answers the sender (one value crosses servers, as in Node). One-shot.</summary>
    public bool Ack(object? value)
    {
        if (_ack is null || Interlocked.Exchange(ref _acked, 1) != 0)
        {
            return false;
        }

        _ack(value);
        return true;
    }
}
