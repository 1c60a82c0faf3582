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
        if (Interlocked.Exchange(ref _connected, 0) != 1)
        {
            return;
        }

        var server = Namespace.Server;
        server.Logger.SocketDisconnected(Id, Namespace.Name, reason.ToWireName());
        Run(_disconnecting, reason);
        if (Pid is not null && reason.IsRecoverable() && server.Options.ConnectionStateRecovery is not null)
        {
            var session = new SocketSession
            {
                Id = Id,
                Pid = Pid,
                Rooms = [.. Rooms],
                Data = Data,
                DisconnectedAt = server.TimeProvider.GetUtcNow(),
            };
            Observe(Namespace.Adapter.PersistSessionAsync(session, CancellationToken.None), "persist session");
        }

        Namespace.Adapter.DeleteAll(this);
        Namespace.Remove(this);
        Client.Remove(this);
        FailPendingAcks();
        Run(_disconnect, reason);
        server.Instrumentation.SocketDisconnected(this, reason);
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
