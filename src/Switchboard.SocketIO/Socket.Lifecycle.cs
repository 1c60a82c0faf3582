using Switchboard.SocketIO.Adapters;

namespace Switchboard.SocketIO;

// Leaving: "disconnecting" (rooms still known), then "disconnect".
public sealed partial class Socket
{
    private Func<Socket, DisconnectReason, ValueTask>[] _disconnecting = [];
    private Func<Socket, DisconnectReason, ValueTask>[] _disconnect = [];

    /// <summary>Runs when the socket is about to leave, while <see cref="Rooms"/> still lists its rooms.</summary>
    public void OnDisconnecting(Func<Socket, DisconnectReason, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_acksLock)
        {
            _disconnecting = [.. _disconnecting, handler];
        }
    }

    /// <summary>Runs once the socket has left its namespace.</summary>
    public void OnDisconnect(Func<Socket, DisconnectReason, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_acksLock)
        {
            _disconnect = [.. _disconnect, handler];
        }
    }

    /// <summary>Runs once the socket has left its namespace.</summary>
    public void OnDisconnect(Action<Socket, DisconnectReason> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        OnDisconnect((socket, reason) =>
        {
            handler(socket, reason);
            return ValueTask.CompletedTask;
        });
    }

    internal void Close(DisconnectReason reason)
    {
        if (Interlocked.CompareExchange(ref _state, Gone, Open) != Open)
        {
            return;
        }

        // Every step runs even when one before it failed (a throwing adapter must not keep the socket registered,
        // its acks pending or its disconnect handlers silent): each failure is logged and the next step runs.
        var server = Namespace.Server;
        server.Logger.SocketDisconnected(Id, Namespace.Name, reason.ToWireName());
        Step(static (s, _) => s.CancelDisconnectToken(), reason, "disconnect token");
        Run(_disconnecting, reason);
        if (Pid is not null && reason.IsRecoverable() && server.Options.ConnectionStateRecovery is not null)
        {
            Step(static (s, _) => s.PersistSession(), reason, "persist session");
        }

        Step(static (s, _) => s.Namespace.Adapter.DeleteAll(s), reason, "leave rooms");
        Step(static (s, _) => s.Namespace.Remove(s), reason, "leave namespace");
        Step(static (s, _) => s.Client.Remove(s), reason, "leave client");
        Step(static (s, _) => s.FailPendingAcks(), reason, "fail pending acks");
        Run(_disconnect, reason);
        Step(static (s, r) => s.Namespace.Server.Instrumentation.SocketDisconnected(s, r), reason, "telemetry");
    }

    private void PersistSession()
    {
        var session = new SocketSession
        {
            Id = Id,
            Pid = Pid!,
            Rooms = [.. Rooms],
            Data = Data,
            DisconnectedAt = Namespace.Server.TimeProvider.GetUtcNow(),
        };
        Observe(Namespace.Adapter.PersistSessionAsync(session, CancellationToken.None), "persist session");
    }

    private void Step(Action<Socket, DisconnectReason> step, DisconnectReason reason, string what)
    {
        try
        {
            step(this, reason);
        }
#pragma warning disable CA1031 // One failing cleanup step must not skip the others; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Namespace.Server.Logger.HandlerFailed(what, Id, ex);
        }
    }

    private void Run(Func<Socket, DisconnectReason, ValueTask>[] handlers, DisconnectReason reason)
    {
        foreach (var handler in handlers)
        {
            ValueTask task;
            try
            {
                task = handler(this, reason);
            }
#pragma warning disable CA1031 // A failing handler must not stop the others; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Namespace.Server.Logger.HandlerFailed("disconnect", Id, ex);
                continue;
            }

            Observe(task, "disconnect");
        }
    }

    private void Observe(ValueTask task, string what)
    {
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();
            return;
        }

        _ = ObserveAsync(task.AsTask(), what);
    }

    private async Task ObserveAsync(Task task, string what)
    {
        try
        {
            await task;
        }
#pragma warning disable CA1031 // Logged: nothing awaits this work.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Namespace.Server.Logger.HandlerFailed(what, Id, ex);
        }
    }
}
