using System.Collections.Concurrent;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO;

/// <summary>Mounts a <see cref="SocketIOServer"/> on an Engine.IO endpoint: one <see cref="SocketClient"/> per session.</summary>
internal sealed class SocketIOEngineHandler(SocketIOServer server) : IEngineHandler
{
    private readonly ConcurrentDictionary<IEngineConnection, SocketClient> _clients = new(ReferenceEqualityComparer.Instance);

    public ValueTask OnOpenAsync(IEngineConnection connection, CancellationToken cancellationToken)
    {
        var client = new SocketClient(server, connection);
        _clients[connection] = client;
        client.Start();
        return ValueTask.CompletedTask;
    }

    public ValueTask OnMessageAsync(IEngineConnection connection, EngineMessage message, CancellationToken cancellationToken) =>
        _clients.TryGetValue(connection, out var client) ? client.OnMessageAsync(message) : ValueTask.CompletedTask;

    public ValueTask OnCloseAsync(IEngineConnection connection, EngineCloseReason reason, Exception? exception)
    {
        if (_clients.TryRemove(connection, out var client))
        {
            client.OnClose(reason);
            client.Dispose();
        }

        return ValueTask.CompletedTask;
    }
}
