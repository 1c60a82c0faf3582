using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Switchboard.SocketIO.Adapters;

namespace Switchboard.SocketIO;

/// <summary>
/// A Socket.IO namespace such as <c>/</c> or <c>/admin</c>: its sockets, connect middleware, connection and event
/// handlers shared by its sockets, and broadcasts through its <see cref="Adapter"/>.
/// </summary>
[SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "socket.io's name; C# is the target language and 'Namespace' is only a keyword in Visual Basic.")]
public sealed partial class Namespace
{
    private readonly ConcurrentDictionary<string, Socket> _sockets = new(StringComparer.Ordinal);
    private readonly DynamicNamespace? _parent;
    private readonly Task _adapterReady;
    private long _ackIds;

    internal Namespace(SocketIOServer server, string name, DynamicNamespace? parent)
    {
        Server = server;
        Name = name;
        _parent = parent;
        Handlers = parent?.Handlers ?? new EventHandlerTable();
        Adapter = server.Options.AdapterFactory?.Invoke(this) ?? new InMemoryAdapter(this);
        _adapterReady = Adapter.InitAsync(CancellationToken.None);
    }

    /// <summary>The namespace name, starting with <c>/</c>.</summary>
    public string Name { get; }

    /// <summary>The server.</summary>
    public SocketIOServer Server { get; }

    /// <summary>Room membership and delivery for this namespace.</summary>
    public IAdapter Adapter { get; }

    /// <summary>The sockets connected to this namespace on this server, by id.</summary>
    public IReadOnlyDictionary<string, Socket> Sockets => _sockets;

    internal EventHandlerTable Handlers { get; }

    /// <summary>Targets a room.</summary>
    public BroadcastOperator To(string room) => new BroadcastOperator(this).To(room);

    /// <summary>Targets a room.</summary>
    public BroadcastOperator In(string room) => To(room);

    /// <summary>Targets every socket except those in <paramref name="room"/>.</summary>
    public BroadcastOperator Except(string room) => new BroadcastOperator(this).Except(room);

    /// <summary>Targets every socket, dropping the packet for clients that cannot take it now.</summary>
    public BroadcastOperator Volatile => new BroadcastOperator(this).Volatile;

    /// <summary>Targets every socket on this server only.</summary>
    public BroadcastOperator Local => new BroadcastOperator(this).Local;

    /// <summary>Targets every socket with a compression wish.</summary>
    public BroadcastOperator Compress(bool compress) => new BroadcastOperator(this).Compress(compress);

    /// <summary>Targets every socket, collecting acks for at most <paramref name="timeout"/>.</summary>
    public BroadcastOperator Timeout(TimeSpan timeout) => new BroadcastOperator(this).Timeout(timeout);

    /// <summary>Sends an event to every socket of the namespace.</summary>
    public ValueTask EmitAsync(string eventName, params ReadOnlySpan<object?> args) => new BroadcastOperator(this).EmitAsync(eventName, args);

    /// <summary>Sends an event to every socket and collects their acks. See <see cref="BroadcastOperator.EmitWithAckAsync"/>.</summary>
    public Task<BroadcastAckResult> EmitWithAckAsync(string eventName, object?[] args, CancellationToken cancellationToken = default) =>
        new BroadcastOperator(this).EmitWithAckAsync(eventName, args, cancellationToken);

    /// <summary>Every socket of the namespace, on every server.</summary>
    public Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(CancellationToken cancellationToken = default) =>
        new BroadcastOperator(this).FetchSocketsAsync(cancellationToken);

    /// <summary>Makes every socket join <paramref name="room"/>.</summary>
    public Task SocketsJoinAsync(string room, CancellationToken cancellationToken = default) =>
        new BroadcastOperator(this).SocketsJoinAsync(room, cancellationToken);

    /// <summary>Makes every socket leave <paramref name="room"/>.</summary>
    public Task SocketsLeaveAsync(string room, CancellationToken cancellationToken = default) =>
        new BroadcastOperator(this).SocketsLeaveAsync(room, cancellationToken);

    /// <summary>Disconnects every socket; <paramref name="close"/> also closes their connections.</summary>
    public Task DisconnectSocketsAsync(bool close = false, CancellationToken cancellationToken = default) =>
        new BroadcastOperator(this).DisconnectSocketsAsync(close, cancellationToken);

    /// <summary>
    /// Handles an event for every socket of the namespace (also those that connect later), after the socket's own
    /// handlers. Dispose the result to remove it. Event names may be registered and removed at any time.
    /// </summary>
    public IDisposable On(string eventName, Func<SocketEvent, ValueTask> handler) => Handlers.Add(eventName, handler);

    /// <summary>Handles an event synchronously for every socket of the namespace.</summary>
    public IDisposable On(string eventName, Action<SocketEvent> handler) => Handlers.Add(eventName, EventHandlers.FromAction(handler));

    /// <summary>Handles an event whose first argument binds to <typeparamref name="T"/>; a requested ack is answered empty on completion.</summary>
    public IDisposable On<T>(string eventName, Func<T?, ValueTask> handler) => Handlers.Add(eventName, EventHandlers.Typed(handler));

    /// <summary>Handles an event whose first argument binds to <typeparamref name="T"/>; the result answers the ack.</summary>
    public IDisposable On<T, TResult>(string eventName, Func<T?, ValueTask<TResult>> handler) => Handlers.Add(eventName, EventHandlers.Typed(handler));

    /// <summary>Removes every namespace-wide handler of <paramref name="eventName"/>.</summary>
    public void Off(string eventName) => Handlers.RemoveAll(eventName);

    internal long NextAckId() => Interlocked.Increment(ref _ackIds) - 1;

    internal void Remove(Socket socket) => _sockets.TryRemove(new KeyValuePair<string, Socket>(socket.Id, socket));

    internal static void ThrowIfReserved(string eventName)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        if (eventName is "connect" or "connect_error" or "disconnect" or "disconnecting" or "newListener" or "removeListener")
        {
            throw new ArgumentException($"'{eventName}' is a reserved event name.", nameof(eventName));
        }
    }
}
