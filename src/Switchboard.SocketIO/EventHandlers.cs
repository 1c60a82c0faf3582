using Switchboard.SocketIO.Diagnostics;

namespace Switchboard.SocketIO;

/// <summary>Adapts the typed handler shapes of <c>On</c> to the one raw shape the tables store.</summary>
internal static class EventHandlers
{
    // The ack a client gets when a handler failed before answering (Open WebUI reads {error} from acks).
    private static readonly Dictionary<string, string> FailedAck = new() { ["error"] = "Internal server error" };

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

    /// <summary>
    /// Runs every handler in order until its first await, then releases the arguments when all are done. A handler
    /// that throws is logged; if the client asked for an ack and no handler answered it, the ack carries
    /// <c>{"error":"Internal server error"}</c> so the client is not left waiting (the exception text is not sent).
    /// </summary>
    /// <returns>A task that completes (never faulted) when every handler is done.</returns>
    public static ValueTask InvokeAsync(SocketEvent e, Func<SocketEvent, ValueTask>[]? first, Func<SocketEvent, ValueTask>[]? second, Func<SocketEvent, ValueTask>[]? third)
    {
        List<Task>? pending = null;
        var failed = false;
        var scope = e.Socket.Namespace.Server.Instrumentation.StartEvent(e, registered: second is not null || third is not null);
        try
        {
            InvokeAll(e, first, ref pending, ref failed);
            InvokeAll(e, second, ref pending, ref failed);
            InvokeAll(e, third, ref pending, ref failed);
            if (pending is null)
            {
                Finish(e, failed, scope);
                return ValueTask.CompletedTask;
            }

            return new ValueTask(FinishWhenDoneAsync(e, pending, failed, scope));
        }
        finally
        {
            scope.Restore();
        }
    }

    private static void InvokeAll(SocketEvent e, Func<SocketEvent, ValueTask>[]? handlers, ref List<Task>? pending, ref bool failed)
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
                failed = true;
            }
        }
    }

    private static async Task FinishWhenDoneAsync(SocketEvent e, List<Task> pending, bool failed, EventScope scope)
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
                failed = true;
            }
        }

        Finish(e, failed, scope);
    }

    private static void Finish(SocketEvent e, bool failed, in EventScope scope)
    {
        e.Socket.Namespace.Server.Instrumentation.EndEvent(scope, e, failed);
        if (failed && e.HasAck && !e.IsAcked)
        {
            e.Ack(FailedAck);
        }

        e.Args.Release();
    }
}
