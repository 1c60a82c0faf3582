using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO;

// Receiving: event handlers on this socket, the catch-all, and dispatch of EVENT packets.
public sealed partial class Socket
{
    private EventHandlerTable? _handlers;

    private EventHandlerTable Handlers => LazyInitializer.EnsureInitialized(ref _handlers, () => new EventHandlerTable());

    /// <summary>
    /// Handles an event by name, added or removed at any time. Several handlers may share a name; they run in order
    /// and the first ack wins. Dispose the result to remove this handler.
    /// </summary>
    public IDisposable On(string eventName, Func<SocketEvent, ValueTask> handler) => Handlers.Add(eventName, handler);

    /// <summary>Handles an event synchronously. See <see cref="On(string, Func{SocketEvent, ValueTask})"/>.</summary>
    public IDisposable On(string eventName, Action<SocketEvent> handler) => Handlers.Add(eventName, EventHandlers.FromAction(handler));

    /// <summary>
    /// Handles an event whose first argument binds to <typeparamref name="T"/>. A requested ack is answered with no
    /// arguments once the handler completes.
    /// </summary>
    public IDisposable On<T>(string eventName, Func<T?, ValueTask> handler) => Handlers.Add(eventName, EventHandlers.Typed(handler));

    /// <summary>
    /// Handles an event whose first argument binds to <typeparamref name="T"/>; the result answers the ack, if one was asked for.
    /// </summary>
    public IDisposable On<T, TResult>(string eventName, Func<T?, ValueTask<TResult>> handler) => Handlers.Add(eventName, EventHandlers.Typed(handler));

    /// <summary>Handles every event of this socket, before the handlers registered by name (socket.io <c>onAny</c>).</summary>
    public IDisposable OnAny(Func<SocketEvent, ValueTask> handler) => Handlers.AddAny(handler);

    /// <summary>Removes every handler of <paramref name="eventName"/> on this socket.</summary>
    public void Off(string eventName) => _handlers?.RemoveAll(eventName);

    /// <summary>
    /// Finds the handlers of an EVENT and hands the invocation to the client's queue (at most
    /// <see cref="SocketIOOptions.MaximumParallelInvocationsPerClient"/> at once). Returns what the read loop awaits.
    /// </summary>
    internal ValueTask OnEventAsync(IncomingPacket packet, InvocationQueue queue, CancellationToken cancellationToken)
    {
        var document = packet.Data!;
        var nameElement = document.RootElement[0];
        Namespace.Server.Instrumentation.EventReceived(this, document.RootElement);
        var own = _handlers;
        var shared = Namespace.Handlers;
        string? name = null;
        Func<SocketEvent, ValueTask>[]? ownHandlers = null;
        Func<SocketEvent, ValueTask>[]? sharedHandlers = null;
        if (own is not null && own.TryGet(nameElement, out var key, out var found))
        {
            name = key;
            ownHandlers = found;
        }

        if (shared.TryGet(nameElement, out key, out found))
        {
            name ??= key;
            sharedHandlers = found;
        }

        var any = own?.Any;
        if (name is null)
        {
            // Not found without allocating: an escaped or numeric name, or no handler by that name.
            name = nameElement.ValueKind == System.Text.Json.JsonValueKind.String ? nameElement.GetString()! : nameElement.GetRawText();
            own?.TryGet(name, out ownHandlers!);
            shared.TryGet(name, out sharedHandlers!);
        }

        if (ownHandlers is null && sharedHandlers is null && (any is null || any.Length == 0))
        {
            Namespace.Server.Logger.UnhandledEvent(name, Id);
            document.Dispose();
            return ValueTask.CompletedTask;
        }

        var args = SocketArgs.FromPacket(document, 1, packet.Attachments, Namespace.Server.Options.SerializerOptions);
        var e = new SocketEvent(this, name, args, packet.AckId, any, ownHandlers, sharedHandlers);
        return queue.EnqueueAsync(e, cancellationToken);
    }
}
