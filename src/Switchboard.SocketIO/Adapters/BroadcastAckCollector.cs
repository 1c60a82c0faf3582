namespace Switchboard.SocketIO.Adapters;

/// <summary>
/// Gathers the answers to one broadcast with ack: each server reports how many clients it reached
/// (<see cref="AddClientCount"/>) and each client's ack arrives through <see cref="AddResponse"/>. Complete when every
/// expected server reported and every counted client answered. Thread-safe.
/// </summary>
public sealed class BroadcastAckCollector
{
    private readonly Lock _lock = new();
    private readonly List<SocketArgs> _responses = [];
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Socket> _registered = [];
    private int _expectedServers = int.MaxValue;
    private int _reportedServers;
    private int _expectedClients;
    private bool _closed;

    /// <summary>The ack id every recipient got.</summary>
    public long AckId { get; }

    internal BroadcastAckCollector(long ackId)
    {
        AckId = ackId;
    }

    internal Task Completion => _done.Task;

    /// <summary>Reports how many clients one server sent the packet to.</summary>
    public void AddClientCount(int clients)
    {
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

    /// <summary>Closes the collector and removes its ack registration from every local socket that still holds it.</summary>
    internal void Release()
    {
        Socket[] sockets;
        lock (_lock)
        {
            _closed = true;
            sockets = [.. _registered];
            _registered.Clear();
        }

        foreach (var socket in sockets)
        {
            socket.RemoveAck(AckId);
        }
    }

    private void CheckDone()
    {
        if (_reportedServers >= _expectedServers && _responses.Count >= _expectedClients)
        {
            _done.TrySetResult();
        }
    }
}
