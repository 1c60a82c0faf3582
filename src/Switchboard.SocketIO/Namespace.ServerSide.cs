using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO;

// Server-to-server events (socket.io serverSideEmit): they go through the adapter to the other servers of the
// cluster; without scale-out there are none, so nothing is delivered (Node does not run local handlers either).
public sealed partial class Namespace
{
    private readonly Lock _serverSideLock = new();
    private Dictionary<string, Func<ServerSideEvent, ValueTask>[]> _serverSide = new(StringComparer.Ordinal);

    /// <summary>Sends an event to this namespace on every other server.</summary>
    public Task ServerSideEmitAsync(string eventName, object?[] args, CancellationToken cancellationToken = default)
    {
        ThrowIfReserved(eventName);
        ArgumentNullException.ThrowIfNull(args);
        var packet = SocketPayloadWriter.Event(Name, eventName, args, -1, Server.Options.SerializerOptions);
        return Adapter.ServerSideEmitAsync(packet, cancellationToken);
    }

    /// <summary>Sends an event to every other server and collects each one's answer until <paramref name="timeout"/>.</summary>
    public Task<IReadOnlyList<SocketArgs>> ServerSideEmitWithAckAsync(string eventName, object?[] args, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ThrowIfReserved(eventName);
        ArgumentNullException.ThrowIfNull(args);
        var packet = SocketPayloadWriter.Event(Name, eventName, args, -1, Server.Options.SerializerOptions);
        return Adapter.ServerSideEmitWithAckAsync(packet, timeout, cancellationToken);
    }

    /// <summary>Handles an event that another server sent with <see cref="ServerSideEmitAsync"/>. Dispose the result to remove it.</summary>
    public IDisposable OnServerSideEmit(string eventName, Func<ServerSideEvent, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_serverSideLock)
        {
            var next = new Dictionary<string, Func<ServerSideEvent, ValueTask>[]>(_serverSide, StringComparer.Ordinal);
            next[eventName] = next.TryGetValue(eventName, out var existing) ? [.. existing, handler] : [handler];
            _serverSide = next;
        }

        return new ServerSideSubscription(this, eventName, handler);
    }

    /// <summary>
    /// For adapters: runs this server's handlers for an event another server sent. <paramref name="ack"/>, when given,
    /// receives the first answer of a handler.
    /// </summary>
    public async ValueTask ReceiveServerSideEmitAsync(string eventName, SocketArgs args, Action<object?>? ack = null)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(args);
        if (!System.Threading.Volatile.Read(ref _serverSide).TryGetValue(eventName, out var handlers))
        {
            return;
        }

        var e = new ServerSideEvent(eventName, args, ack);
        foreach (var handler in handlers)
        {
            try
            {
                await handler(e);
            }
#pragma warning disable CA1031 // One failing handler must not stop the others or the adapter's receive loop; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Server.Logger.HandlerFailed(eventName, "(server-side)", ex);
            }
        }
    }

    private void RemoveServerSide(string eventName, Func<ServerSideEvent, ValueTask> handler)
    {
        lock (_serverSideLock)
        {
            if (!_serverSide.TryGetValue(eventName, out var existing))
            {
                return;
            }

            var next = new Dictionary<string, Func<ServerSideEvent, ValueTask>[]>(_serverSide, StringComparer.Ordinal);
            var remaining = existing.Where(h => h != handler).ToArray();
            if (remaining.Length == 0)
            {
                next.Remove(eventName);
            }
            else
            {
                next[eventName] = remaining;
            }

            _serverSide = next;
        }
    }

    private sealed class ServerSideSubscription(Namespace owner, string eventName, Func<ServerSideEvent, ValueTask> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.RemoveServerSide(eventName, handler);
            }
        }
    }
}
