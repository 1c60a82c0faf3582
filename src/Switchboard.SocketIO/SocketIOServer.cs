using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Diagnostics;

namespace Switchboard.SocketIO;

/// <summary>
/// The Socket.IO server (socket.io's <c>Server</c>): namespaces, and shortcuts to the main namespace <c>/</c>.
/// One instance per application, registered by <c>AddSocketIO</c>; inject it wherever events are emitted.
/// </summary>
public sealed class SocketIOServer
{
    private readonly ConcurrentDictionary<string, Namespace> _namespaces = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Namespace> _children = new(StringComparer.Ordinal);
    private readonly List<Delegate> _configured = [];
    private DynamicNamespace[] _dynamic = [];

    /// <summary>Creates the server (normally done by dependency injection).</summary>
    public SocketIOServer(IOptions<SocketIOOptions> options, IServiceProvider services, ILogger<SocketIOServer>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(services);
        Options = options.Value;
        // Read once: lock the serializer options now, so every packet uses cached metadata.
        SocketJson.Freeze(Options.SerializerOptions);
        Services = services;
        Logger = logger ?? (ILogger)NullLogger.Instance;
        TimeProvider = timeProvider ?? TimeProvider.System;
        Instrumentation = new SocketIOInstrumentation(services.GetService(typeof(SocketIOMetrics)) as SocketIOMetrics ?? SocketIOMetrics.Shared);
        EngineHandler = new SocketIOEngineHandler(this);
        Sockets = Of("/");
    }

    /// <summary>The options, read once at construction.</summary>
    public SocketIOOptions Options { get; }

    /// <summary>The application's services.</summary>
    public IServiceProvider Services { get; }

    /// <summary>The clock used for timeouts.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The main namespace, <c>/</c> (socket.io <c>io.sockets</c>).</summary>
    public Namespace Sockets { get; }

    /// <summary>The Engine.IO application to mount this server on (what <c>MapSocketIO</c> does).</summary>
    public IEngineHandler EngineHandler { get; }

    internal ILogger Logger { get; }

    internal SocketIOInstrumentation Instrumentation { get; }

    /// <summary>Every namespace created so far, those made by dynamic namespaces included.</summary>
    internal IEnumerable<Namespace> AllNamespaces => _namespaces.Values.Concat(_children.Values);

    /// <summary>Gets or creates a namespace; a name without a leading <c>/</c> gets one.</summary>
    public Namespace Of(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.StartsWith('/'))
        {
            name = "/" + name;
        }

        return _namespaces.GetOrAdd(name, static (n, self) => new Namespace(self, n, parent: null), this);
    }

    /// <summary>Declares namespaces created on first CONNECT when their name matches <paramref name="pattern"/>.</summary>
    public DynamicNamespace Of(Regex pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        return AddDynamic(new DynamicNamespace(this, pattern));
    }

    /// <summary>Declares namespaces created on first CONNECT when <paramref name="predicate"/> accepts their name.</summary>
    public DynamicNamespace Of(Func<string, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return AddDynamic(new DynamicNamespace(this, predicate));
    }

    /// <summary>Adds connect middleware to the main namespace.</summary>
    public void Use(Func<Socket, CancellationToken, ValueTask> middleware) => Sockets.Use(middleware);

    /// <summary>Runs for each socket that joins the main namespace.</summary>
    public void OnConnection(Func<Socket, ValueTask> handler) => Sockets.OnConnection(handler);

    /// <summary>Runs for each socket that joins the main namespace.</summary>
    public void OnConnection(Action<Socket> handler) => Sockets.OnConnection(handler);

    /// <summary>Handles an event for every socket of the main namespace.</summary>
    public IDisposable On(string eventName, Func<SocketEvent, ValueTask> handler) => Sockets.On(eventName, handler);

    /// <summary>Handles an event synchronously for every socket of the main namespace.</summary>
    public IDisposable On(string eventName, Action<SocketEvent> handler) => Sockets.On(eventName, handler);

    /// <summary>Handles an event for every socket of the main namespace, binding the first argument to <typeparamref name="T"/>.</summary>
    public IDisposable On<T>(string eventName, Func<T?, ValueTask> handler) => Sockets.On(eventName, handler);

    /// <summary>Handles an event for every socket of the main namespace; the result answers the ack.</summary>
    public IDisposable On<T, TResult>(string eventName, Func<T?, ValueTask<TResult>> handler) => Sockets.On(eventName, handler);

    /// <summary>Removes every main-namespace handler of <paramref name="eventName"/>.</summary>
    public void Off(string eventName) => Sockets.Off(eventName);

    /// <summary>Targets a room of the main namespace.</summary>
    public BroadcastOperator To(string room) => Sockets.To(room);

    /// <summary>Targets a room of the main namespace.</summary>
    public BroadcastOperator In(string room) => Sockets.In(room);

    /// <summary>Targets the main namespace except a room.</summary>
    public BroadcastOperator Except(string room) => Sockets.Except(room);

    /// <summary>Sends an event to every socket of the main namespace.</summary>
    public ValueTask EmitAsync(string eventName, params ReadOnlySpan<object?> args) => Sockets.EmitAsync(eventName, args);

    /// <summary>Every socket of the main namespace, on every server.</summary>
    public Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(CancellationToken cancellationToken = default) => Sockets.FetchSocketsAsync(cancellationToken);

    /// <summary>Makes every socket of the main namespace join a room.</summary>
    public Task SocketsJoinAsync(string room, CancellationToken cancellationToken = default) => Sockets.SocketsJoinAsync(room, cancellationToken);

    /// <summary>Makes every socket of the main namespace leave a room.</summary>
    public Task SocketsLeaveAsync(string room, CancellationToken cancellationToken = default) => Sockets.SocketsLeaveAsync(room, cancellationToken);

    /// <summary>Disconnects every socket of the main namespace.</summary>
    public Task DisconnectSocketsAsync(bool close = false, CancellationToken cancellationToken = default) => Sockets.DisconnectSocketsAsync(close, cancellationToken);

    /// <summary>Records a configuration delegate; <see langword="false"/> when an equal one was already applied.</summary>
    internal bool TryMarkConfigured(Delegate configure)
    {
        lock (_configured)
        {
            if (_configured.Contains(configure))
            {
                return false;
            }

            _configured.Add(configure);
            return true;
        }
    }

    internal bool TryGetNamespace(string name, out Namespace nsp)
    {
        if (_namespaces.TryGetValue(name, out nsp!) || _children.TryGetValue(name, out nsp!))
        {
            return true;
        }

        foreach (var dynamic in Volatile.Read(ref _dynamic))
        {
            if (dynamic.TryCreate(name, out nsp))
            {
                return true;
            }
        }

        return false;
    }

    internal Namespace GetOrAddChild(string name, DynamicNamespace parent) =>
        _children.GetOrAdd(name, static (n, state) => new Namespace(state.Server, n, state.Parent), (Server: this, Parent: parent));

    private DynamicNamespace AddDynamic(DynamicNamespace dynamic)
    {
        lock (_namespaces)
        {
            _dynamic = [.. _dynamic, dynamic];
        }

        return dynamic;
    }
}
