using System.Collections.Concurrent;
using System.Text.RegularExpressions;

namespace Switchboard.SocketIO;

/// <summary>
/// A family of namespaces created on first CONNECT when their name matches (socket.io <c>io.of(/regex/)</c> or a
/// function). Middleware, connection and event handlers registered here apply to every child.
/// </summary>
public sealed class DynamicNamespace
{
    private readonly Func<string, bool> _matches;
    private readonly SocketIOServer _server;
    private readonly ConcurrentDictionary<string, Namespace> _children = new(StringComparer.Ordinal);

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

    internal ConnectHooks Hooks { get; } = new();

    /// <summary>Adds connect middleware for every child. See <see cref="Namespace.Use"/>.</summary>
    public void Use(Func<Socket, CancellationToken, ValueTask> middleware) => Hooks.Use(middleware);

    /// <summary>Runs for each socket that joins a child.</summary>
    public void OnConnection(Func<Socket, ValueTask> handler) => Hooks.OnConnection(handler);

    /// <summary>Runs for each socket that joins a child.</summary>
    public void OnConnection(Action<Socket> handler) => Hooks.OnConnection(handler);

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
