namespace Switchboard.SocketIO.Adapters;

/// <summary>
/// Gathers the answers to one broadcast with ack: each server reports how many clients it reached
/// (<see cref="AddClientCount"/>) and each client's ack arrives through <see cref="AddResponse"/>. Complete when every
/// expected server reported and every counted client answered. Thread-safe.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The CancellationTokenSource has no timer; it holds nothing that needs disposing once released.")]
public sealed class BroadcastAckCollector
{
    private readonly Lock _lock = new();
    private readonly List<SocketArgs> _responses = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Socket> _registered = [];
    private readonly CancellationTokenSource _released = new();
    private readonly Action<int>? _forwardClientCount;
    private readonly Action<SocketArgs>? _forwardResponse;
    private int _expectedServers = int.MaxValue;
    private int _reportedServers;
    private int _expectedClients;
    private bool _closed;
    private bool _isReleased;

    /// <summary>The ack id every recipient got.</summary>
    public long AckId { get; }

    internal BroadcastAckCollector(long ackId)
    {
        AckId = ackId;
    }

    private BroadcastAckCollector(long ackId, Action<int> forwardClientCount, Action<SocketArgs> forwardResponse)
    {
        AckId = ackId;
        _forwardClientCount = forwardClientCount;
        _forwardResponse = forwardResponse;
    }

    /// <summary>
    /// Cancelled when the collector is released: the broadcast completed, timed out or was cancelled. A scale-out
    /// adapter registers here to forget the request it published for this broadcast.
    /// </summary>
    public CancellationToken Released => _released.Token;

    internal Task Completion => _done.Task;

    /// <summary>
    /// For scale-out adapters: a collector for a broadcast with ack that another server asked for. It takes a fresh
    /// ack id of <paramref name="nsp"/> (give the local packet that id) and passes each client count and each client's
    /// ack straight on, so the adapter can answer the requesting server; <see cref="Release"/> ends it.
    /// </summary>
    public static BroadcastAckCollector CreateForwarding(Namespace nsp, Action<int> onClientCount, Action<SocketArgs> onResponse)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        ArgumentNullException.ThrowIfNull(onClientCount);
        ArgumentNullException.ThrowIfNull(onResponse);
        return new BroadcastAckCollector(nsp.NextAckId(), onClientCount, onResponse);
    }

    /// <summary>Reports how many clients one server sent the packet to.</summary>
    public void AddClientCount(int clients)
    {
        if (_forwardClientCount is not null)
        {
            if (!Volatile.Read(ref _closed))
            {
                _forwardClientCount(clients);
            }

            return;
        }

        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _expectedClients += clients;
            _reportedServers++;
            CheckDone();
        }
    }

    /// <summary>Records one client's ack.</summary>
    public void AddResponse(SocketArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (_forwardResponse is not null)
        {
            if (!Volatile.Read(ref _closed))
            {
                _forwardResponse(args);
            }

            return;
        }

        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _responses.Add(args);
            CheckDone();
        }
    }

    /// <summary>A counted local client left before answering: it is no longer expected.</summary>
    internal void RemoveClient()
    {
        lock (_lock)
        {
            if (_closed)
            {
                return;
            }

            _expectedClients--;
            CheckDone();
        }
    }

    internal void SetExpectedServers(int servers)
    {
        lock (_lock)
        {
            _expectedServers = servers;
            CheckDone();
        }
    }

    internal BroadcastAckResult Close(bool timedOut)
    {
        lock (_lock)
        {
            _closed = true;
            var complete = _reportedServers >= _expectedServers && _responses.Count >= _expectedClients;
            return new BroadcastAckResult(_responses.ToArray(), _expectedClients, timedOut && !complete);
        }
    }

    /// <summary>Remembers a local socket that holds this collector under <see cref="AckId"/>, so <see cref="Release"/> can remove it.</summary>
    internal void Track(Socket socket)
    {
        lock (_lock)
        {
            if (!_closed)
            {
                _registered.Add(socket);
                return;
            }
        }

        // Already over (timed out or cancelled while the broadcast was still being sent): nothing will read this ack.
        socket.RemoveAck(AckId);
    }

    /// <summary>
    /// Closes the collector, removes its ack registration from every local socket that still holds it and cancels
    /// <see cref="Released"/>. Idempotent.
    /// </summary>
    public void Release()
    {
        Socket[] sockets;
        lock (_lock)
        {
            if (_isReleased)
            {
                return;
            }

            _isReleased = true;
            Volatile.Write(ref _closed, true);
            sockets = [.. _registered];
            _registered.Clear();
        }

        foreach (var socket in sockets)
        {
            socket.RemoveAck(AckId);
        }

        _released.Cancel();
    }

    private void CheckDone()
    {
        if (_reportedServers >= _expectedServers && _responses.Count >= _expectedClients)
        {
            _done.TrySetResult();
        }
    }
}
