using System.Text.Json;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO;

// Joining: middleware, connection state recovery, the CONNECT reply, connection handlers.
public sealed partial class Namespace
{
    private readonly ConnectHooks _hooks = new();

    /// <summary>
    /// Adds connect middleware. It sees <see cref="Socket.Handshake"/> (headers, query, <c>auth</c>) before the socket
    /// joins, runs in the order added, and refuses the connection by throwing <see cref="SocketConnectException"/>.
    /// </summary>
    public void Use(Func<Socket, CancellationToken, ValueTask> middleware) => _hooks.Use(middleware);

    /// <summary>Runs for each socket that joined, after the CONNECT reply was queued. Register its event handlers here.</summary>
    public void OnConnection(Func<Socket, ValueTask> handler) => _hooks.OnConnection(handler);

    /// <summary>Runs for each socket that joined. See <see cref="OnConnection(Func{Socket, ValueTask})"/>.</summary>
    public void OnConnection(Action<Socket> handler) => _hooks.OnConnection(handler);

    internal async ValueTask ConnectAsync(SocketClient client, JsonElement? auth, CancellationToken cancellationToken)
    {
        await _adapterReady;
        var options = Server.Options;
        var handshake = SocketHandshake.Create(client.Connection.Handshake, auth);
        var recovered = options.ConnectionStateRecovery is null ? null : await TryRecoverAsync(auth, cancellationToken);
        var socket = recovered is null
            ? new Socket(this, client, handshake, SocketId.New(), options.ConnectionStateRecovery is null ? null : SocketId.New(), recovered: false)
            : new Socket(this, client, handshake, recovered.Session.Id, recovered.Session.Pid, recovered: true) { Data = recovered.Session.Data };

        if (recovered is null || !options.ConnectionStateRecovery!.SkipMiddlewares)
        {
            var refusal = await RunMiddlewareAsync(socket, cancellationToken);
            if (refusal is not null)
            {
                client.Send(refusal, isVolatile: false);
                return;
            }
        }

        var registered = client.TryRegister(socket, s =>
        {
            _sockets[s.Id] = s;
            Adapter.AddAll(s, [s.Id]);
            if (recovered is not null)
            {
                Adapter.AddAll(s, recovered.Session.Rooms.ToArray());
            }
        });
        if (!registered)
        {
            return;
        }

        if (recovered is not null)
        {
            // Missed packets go first: the client buffers events until the CONNECT reply (socketio-wire.md §4.5).
            foreach (var packet in recovered.MissedPackets)
            {
                client.Send(packet, isVolatile: false);
            }
        }

        client.Send(socket.ConnectReply(), isVolatile: false);
        Server.Logger.SocketConnected(socket.Id, Name, socket.Recovered);
        RunConnectionHandlers(socket, _hooks.Connection);
        if (_parent is not null)
        {
            RunConnectionHandlers(socket, _parent.Hooks.Connection);
        }
    }

    private async ValueTask<RecoveredSession?> TryRecoverAsync(JsonElement? auth, CancellationToken cancellationToken)
    {
        // Node recovers only when both are strings (socketio-wire.md §4.5, item 3).
        if (auth is not { ValueKind: JsonValueKind.Object } payload ||
            !payload.TryGetProperty("pid"u8, out var pid) || pid.ValueKind != JsonValueKind.String ||
            !payload.TryGetProperty("offset"u8, out var offset) || offset.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        return await Adapter.RestoreSessionAsync(pid.GetString()!, offset.GetString()!, cancellationToken);
    }

    /// <summary>Runs the parent's middleware (dynamic namespaces), then this namespace's. Returns the CONNECT_ERROR to send, if refused.</summary>
    private async ValueTask<Packets.SocketPacket?> RunMiddlewareAsync(Socket socket, CancellationToken cancellationToken)
    {
        var inherited = _parent?.Hooks.Middleware ?? [];
        var own = _hooks.Middleware;
        for (var i = 0; i < inherited.Length + own.Length; i++)
        {
            var middleware = i < inherited.Length ? inherited[i] : own[i - inherited.Length];
            try
            {
                await middleware(socket, cancellationToken);
            }
            catch (SocketConnectException ex)
            {
                Server.Logger.ConnectRefused(Name, ex.Message);
                return SocketPayloadWriter.ConnectError(Name, ex.Message, ex.Data, Server.Options.SerializerOptions);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Unexpected failures are logged; the client learns only that the server failed.
                Server.Logger.MiddlewareFailed(Name, ex);
                return SocketPayloadWriter.ConnectError(Name, "Server error", null, Server.Options.SerializerOptions);
            }
        }

        return null;
    }

    private void RunConnectionHandlers(Socket socket, Func<Socket, ValueTask>[] handlers)
    {
        foreach (var handler in handlers)
        {
            try
            {
                var task = handler(socket);
                if (!task.IsCompletedSuccessfully)
                {
                    _ = ObserveAsync(task.AsTask(), socket);
                }
            }
#pragma warning disable CA1031 // A failing connection handler must not break the connection's read loop; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Server.Logger.HandlerFailed("connection", socket.Id, ex);
            }
        }
    }

    private async Task ObserveAsync(Task task, Socket socket)
    {
        try
        {
            await task;
        }
#pragma warning disable CA1031 // Logged: nothing awaits a connection handler.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Server.Logger.HandlerFailed("connection", socket.Id, ex);
        }
    }
}
