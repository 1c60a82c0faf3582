using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Switchboard.SocketIO.SocketIO;

/// <summary>
/// A family of namespaces created on first CONNECT when their name matches (socket.io <c>io.of(/regex/)</c> or a
/// function). Middleware, connection and event handlers registered here apply to every child.
/// </summary>
public sealed class DynamicNamespace
{
    private readonly Func<string, bool> _matches;
    private readonly SocketIOServer _server;
    private readonly ConcurrentDictionary<string, Namespace> _children = new(StringComparer.Ordinal);
    private Func<Socket, CancellationToken, ValueTask>[] _middleware = [];
    private Func<Socket, ValueTask>[] _connection = [];

    internal DynamicNamespace(SocketIOServer server, Func<string, bool> matches)
    {
        _server = server;
        _matches = matches;
    }

    internal DynamicNamespace(SocketIOServer server, Regex pattern)
        : this(server, pattern.IsMatch)
    {
    }

    /// <summary>The namespaces created so far.</summary>
    public IReadOnlyCollection<Namespace> Namespaces => (IReadOnlyCollection<Namespace>)_children.Values;

    internal EventHandlerTable Handlers { get; } = new();

    internal Func<Socket, CancellationToken, ValueTask>[] Middleware => _middleware;

    internal Func<Socket, ValueTask>[] ConnectionHandlers => _connection;

    /// <summary>Adds connect middleware for every child. See <see cref="Namespace.Use"/>.</summary>
    public void Use(Func<Socket, CancellationToken, ValueTask> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        _middleware = [.. _middleware, middleware];
    }

    /// <summary>Runs for each socket that joins a child.</summary>
    public void OnConnection(Func<Socket, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _connection = [.. _connection, handler];
    }

    /// <summary>Runs for each socket that joins a child.</summary>
    public void OnConnection(Action<Socket> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        OnConnection(socket =>
        {
            handler(socket);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>Handles an event for every socket of every child.</summary>
    public IDisposable On(string eventName, Func<SocketEvent, ValueTask> handler) => Handlers.Add(eventName, handler);

    /// <summary>Sends an event to every socket of every child.</summary>
    public async ValueTask EmitAsync(string eventName, params object?[] args)
    {
        foreach (var child in _children.Values)
        {
            await child.EmitAsync(eventName, args);
        }
    }

    internal bool TryCreate(string name, out Namespace nsp)
    {
        if (!_matches(name))
        {
            nsp = null!;
            return false;
        }

        nsp = _children.GetOrAdd(name, static (n, self) => self._server.GetOrAddChild(n, self), this);
        return true;
    }
}
