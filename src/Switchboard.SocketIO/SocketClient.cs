using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO;

/// <summary>
/// One Engine.IO connection seen from Socket.IO (socket.io's <c>Client</c>): decodes its packets, routes them to the
/// socket of each namespace it joined, runs event handlers through its <see cref="InvocationQueue"/>, and enforces
/// the connect timeout. Messages arrive one at a time.
/// </summary>
internal sealed class SocketClient : IDisposable
{
    private readonly SocketIOServer _server;
    private readonly SocketPacketDecoder _decoder;
    private readonly Lock _lock = new();
    private readonly InvocationQueue _invocations;
    private Socket? _main;
    private Dictionary<string, Socket>? _others;
    // Namespaces whose CONNECT is still in middleware, each with a task that completes when it is over.
    private Dictionary<string, TaskCompletionSource>? _connecting;
    private ITimer? _connectTimer;
    private bool _everConnected;
    private bool _isClosed;

    public SocketClient(SocketIOServer server, IEngineConnection connection)
    {
        _server = server;
        Connection = connection;
        _decoder = new SocketPacketDecoder(server.Options.MaxAttachments);
        _invocations = new InvocationQueue(server.Options.MaximumParallelInvocationsPerClient, server.Options.MaximumQueuedInvocationsPerClient);
    }

    public IEngineConnection Connection { get; }

    public void Start()
    {
        _connectTimer = _server.TimeProvider.CreateTimer(
            static state => ((SocketClient)state!).OnConnectTimeout(), this, _server.Options.ConnectTimeout, Timeout.InfiniteTimeSpan);
    }

    public ValueTask OnMessageAsync(EngineMessage message)
    {
        IncomingPacket? packet;
        try
        {
            var complete = message.IsBinary
                ? _decoder.TryDecodeBinary(message.Data.Span, out packet)
                : _decoder.TryDecodeText(message.Data.Span, out packet);
            if (!complete)
            {
                return ValueTask.CompletedTask;
            }
        }
        catch (InvalidDataException ex)
        {
            _server.Logger.InvalidPacket(Connection.Id, ex.Message);
            throw;
        }

        return DispatchAsync(packet!);
    }

    public bool Send(SocketPacket packet, bool isVolatile)
    {
        if (isVolatile && !Connection.IsWritable)
        {
            return false;
        }

        // A packet without attachments is one message: no array needed.
        return !packet.HasAttachments
            ? Connection.TrySend(EngineMessage.Utf8(packet.Encoded))
            : Connection.TrySend(packet.Messages);
    }

    /// <summary>
    /// Backpressure for an awaited emit (issue 13): completes at once while the connection is at or below its send
    /// queue's high-water mark (no allocation), otherwise when it drained or closed, a slow consumer included. Never
    /// fails, except when <paramref name="cancellationToken"/> fires.
    /// </summary>
    public ValueTask WaitForCapacityAsync(CancellationToken cancellationToken)
    {
        var wait = Connection.WaitForCapacityAsync(cancellationToken);

        // Backed by the session's shared task when pending: AsTask returns it without allocating.
        return wait.IsCompletedSuccessfully ? default : new ValueTask(wait.AsTask());
    }

    /// <summary>
    /// Makes <paramref name="socket"/> this connection's socket for its namespace and runs <paramref name="register"/>
    /// (namespace and room registration) under the same lock <see cref="OnClose"/> takes, so a connection that closes
    /// meanwhile never leaves a registered socket behind. Returns <see langword="false"/> when already closed.
    /// </summary>
    public bool TryRegister(Socket socket, Action<Socket> register)
    {
        lock (_lock)
        {
            if (_isClosed || Connection.IsClosed)
            {
                return false;
            }

            if (socket.Namespace.Name == "/")
            {
                _main = socket;
            }
            else
            {
                (_others ??= new Dictionary<string, Socket>(StringComparer.Ordinal))[socket.Namespace.Name] = socket;
            }

            // Connected first: the adapter accepts rooms only for a connected socket (a socket that left is refused).
            socket.MarkConnected();
            _everConnected = true;
            register(socket);
        }

        // Dropped, not only disposed: a connected client holds no timer.
        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        _server.Instrumentation.SocketConnected(socket);
        return true;
    }

    public void Remove(Socket socket)
    {
        lock (_lock)
        {
            if (ReferenceEquals(_main, socket))
            {
                _main = null;
            }
            else if (_others is not null && _others.TryGetValue(socket.Namespace.Name, out var existing) && ReferenceEquals(existing, socket))
            {
                _others.Remove(socket.Namespace.Name);
            }
        }
    }

    /// <summary>Server-side <c>disconnect(true)</c>: every namespace gets DISCONNECT, then the connection closes.</summary>
    public void DisconnectAll()
    {
        foreach (var socket in Snapshot())
        {
            socket.Disconnect();
        }

        Connection.Close();
    }

    public void OnClose(EngineCloseReason reason)
    {
        Interlocked.Exchange(ref _connectTimer, null)?.Dispose();
        var why = DisconnectReasons.FromEngine(reason);
        lock (_lock)
        {
            _isClosed = true;
        }

        foreach (var socket in Snapshot())
        {
            socket.Close(why);
        }

        _decoder.Dispose();
    }

    public void Dispose()
    {
        _connectTimer?.Dispose();
        _decoder.Dispose();
    }

    private Socket? Find(string nsp)
    {
        lock (_lock)
        {
            return FindLocked(nsp);
        }
    }

    private Socket? FindLocked(string nsp)
    {
        if (nsp == "/")
        {
            return _main;
        }

        return _others is not null && _others.TryGetValue(nsp, out var socket) ? socket : null;
    }

    private List<Socket> Snapshot()
    {
        lock (_lock)
        {
            var sockets = new List<Socket>(1 + (_others?.Count ?? 0));
            if (_main is not null)
            {
                sockets.Add(_main);
            }

            if (_others is not null)
            {
                sockets.AddRange(_others.Values);
            }

            return sockets;
        }
    }

    private ValueTask DispatchAsync(IncomingPacket packet)
    {
        if (packet.Type is not SocketPacketType.Connect && PendingConnect(packet.Namespace) is { } pending)
        {
            return DispatchAfterAsync(pending, packet);
        }

        // Packet rules of socketio-wire.md §4.2 that depend on the connection's state.
        switch (packet.Type)
        {
            case SocketPacketType.Connect:
                return ConnectAsync(packet);
            case SocketPacketType.Event or SocketPacketType.BinaryEvent:
                return RequireSocket(packet).OnEventAsync(packet, _invocations, Connection.Closed);
            case SocketPacketType.Ack or SocketPacketType.BinaryAck:
                RequireSocket(packet).OnAck(packet);
                return ValueTask.CompletedTask;
            case SocketPacketType.Disconnect:
                RequireSocket(packet).Close(DisconnectReason.ClientNamespaceDisconnect);
                return ValueTask.CompletedTask;
            default:
                packet.Dispose();
                throw Invalid("A client may not send CONNECT_ERROR.");
        }
    }

    private async ValueTask DispatchAfterAsync(Task pending, IncomingPacket packet)
    {
        try
        {
            // Bounded by the connection: a middleware that ignores its token must not hold the read loop after a close.
            await pending.WaitAsync(Connection.Closed);
        }
        catch
        {
            packet.Dispose();
            throw;
        }

        await DispatchAsync(packet);
    }

    private Task? PendingConnect(string nsp)
    {
        lock (_lock)
        {
            return _connecting is not null && _connecting.TryGetValue(nsp, out var pending) ? pending.Task : null;
        }
    }

    private Socket RequireSocket(IncomingPacket packet)
    {
        var socket = Find(packet.Namespace);
        if (socket is null)
        {
            packet.Dispose();
            throw Invalid($"Packet for namespace '{packet.Namespace}', which this client has not joined.");
        }

        return socket;
    }

    // The CONNECT runs off the read loop once it awaits (middleware, recovery), as in Node: the connection keeps being
    // read, so a close (a WebSocket close frame, a polling close packet) is noticed and cancels the middleware through
    // Connection.Closed. A packet for the namespace that comes before the CONNECT reply waits for it (more lenient than
    // Node, which closes the connection, socketio-wire.md §4.3; the real client never sends one).
    private ValueTask ConnectAsync(IncomingPacket packet)
    {
        var nspName = packet.Namespace;
        lock (_lock)
        {
            if (FindLocked(nspName) is not null || (_connecting?.ContainsKey(nspName) ?? false))
            {
                packet.Dispose();
                throw Invalid($"Second CONNECT to namespace '{nspName}'.");
            }

            (_connecting ??= new Dictionary<string, TaskCompletionSource>(StringComparer.Ordinal))[nspName] =
                new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        ValueTask connecting;
        try
        {
            connecting = ConnectCoreAsync(packet);
        }
        catch
        {
            EndConnecting(nspName);
            throw;
        }

        if (connecting.IsCompleted)
        {
            EndConnecting(nspName);
            return connecting;
        }

        _ = FinishConnectAsync(connecting.AsTask(), nspName);
        return ValueTask.CompletedTask;
    }

    private async Task FinishConnectAsync(Task connecting, string nspName)
    {
        try
        {
            await connecting;
        }
#pragma warning disable CA1031 // Nothing awaits a CONNECT off the read loop: a failure is logged and closes the connection.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _server.Logger.HandlerFailed("connect", Connection.Id, ex);
            Connection.Close();
        }
        finally
        {
            EndConnecting(nspName);
        }
    }

    private void EndConnecting(string nspName)
    {
        TaskCompletionSource? done = null;
        lock (_lock)
        {
            _connecting?.Remove(nspName, out done);
        }

        done?.TrySetResult();
    }

    private async ValueTask ConnectCoreAsync(IncomingPacket packet)
    {
        using var data = packet.Data;
        if (!_server.TryGetNamespace(packet.Namespace, out var nsp))
        {
            _server.Logger.InvalidNamespace(packet.Namespace);
            Send(SocketPayloadWriter.ConnectError(packet.Namespace, "Invalid namespace", null, _server.Options.SerializerOptions), isVolatile: false);
            return;
        }

        var closed = Connection.Closed;
        try
        {
            await nsp.ConnectAsync(this, data?.RootElement, closed);
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            // The connection closed while middleware ran: nothing to answer.
        }
    }

    private InvalidDataException Invalid(string message)
    {
        _server.Logger.InvalidPacket(Connection.Id, message);
        return new InvalidDataException(message);
    }

    private void OnConnectTimeout()
    {
        bool connected;
        lock (_lock)
        {
            connected = _everConnected;
        }

        if (!connected && !Connection.IsClosed)
        {
            _server.Logger.ConnectTimeout(Connection.Id);
            Connection.Close();
        }
    }
}
