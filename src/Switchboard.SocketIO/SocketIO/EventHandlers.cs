namespace Switchboard.SocketIO.SocketIO;

/// <summary>Adapts the typed handler shapes of <c>On</c> to the one raw shape the tables store.</summary>
internal static class EventHandlers
{
    public static Func<SocketEvent, ValueTask> FromAction(Action<SocketEvent> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return e =>
        {
            handler(e);
            return ValueTask.CompletedTask;
        };
    }

    // A typed handler answers a requested ack when it completes: with nothing, like python-socketio for handlers
    // that return nothing.
    public static Func<SocketEvent, ValueTask> Typed<T>(Func<T?, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return async e =>
        {
            await handler(e.Args.Get<T>(0));
            e.Ack();
        };
    }

    public static Func<SocketEvent, ValueTask> Typed<T, TResult>(Func<T?, ValueTask<TResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return async e =>
        {
            var result = await handler(e.Args.Get<T>(0));
            e.Ack(result);
        };
    }

    /// <summary>Runs every handler in order until its first await, then releases the arguments when all are done.</summary>
    public static void Invoke(SocketEvent e, Func<SocketEvent, ValueTask>[]? first, Func<SocketEvent, ValueTask>[]? second, Func<SocketEvent, ValueTask>[]? third)
    {
        List<Task>? pending = null;
        InvokeAll(e, first, ref pending);
        InvokeAll(e, second, ref pending);
        InvokeAll(e, third, ref pending);
        if (pending is null)
        {
            e.Args.Release();
        }
        else
        {
            _ = ReleaseWhenDoneAsync(e, pending);
        }
    }

    private static void InvokeAll(SocketEvent e, Func<SocketEvent, ValueTask>[]? handlers, ref List<Task>? pending)
    {
        if (handlers is null)
        {
            return;
        }

        foreach (var handler in handlers)
        {
            try
            {
                var task = handler(e);
                if (task.IsCompletedSuccessfully)
                {
                    task.GetAwaiter().GetResult();
                }
                else
                {
                    (pending ??= []).Add(task.AsTask());
                }
            }
#pragma warning disable CA1031 // A failing handler must not break the connection's read loop; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                e.Socket.Namespace.Server.Logger.HandlerFailed(e.Name, e.Socket.Id, ex);
            }
        }
    }

    private static async Task ReleaseWhenDoneAsync(SocketEvent e, List<Task> pending)
    {
        foreach (var task in pending)
        {
            try
            {
                await task;
            }
#pragma warning disable CA1031 // Logged, see InvokeAll.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                e.Socket.Namespace.Server.Logger.HandlerFailed(e.Name, e.Socket.Id, ex);
            }
        }

        e.Args.Release();
    }
}
