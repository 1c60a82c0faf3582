using System.Text.Json;
using Microsoft.Extensions.Options;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Sessions;
using Switchboard.Server.Telemetry;
using Switchboard.SocketIO;

namespace Switchboard.Server.Realtime;

/// <summary>
/// Attaches the Open WebUI contract to the Socket.IO server: authentication on connect (§3.1), a session per socket,
/// cleanup on disconnect (§3.13), and every <see cref="IRealtimeEvent"/> behind one guard that refuses anonymous
/// sockets (G26) and turns handler failures into a log line and an <c>{error}</c> ack.
/// </summary>
internal sealed class RealtimeHandlers(
    IEnumerable<IRealtimeEvent> events,
    IEnumerable<ISocketCleanup> cleanups,
    ITokenValidator tokens,
    SessionRegistry sessions,
    ISessionPresence presence,
    IOptions<SwitchboardOptions> options,
    IHostApplicationLifetime lifetime,
    ServerMetrics metrics,
    ILogger<RealtimeHandlers> logger)
{
    public void Attach(SocketIOServer io)
    {
        io.Use(AuthenticateAsync);
        io.OnConnection(OnConnection);
        foreach (var handler in events)
        {
            io.On(handler.Name, e => DispatchAsync(handler, e));
        }
    }

    // Connect (§3.1): a valid auth.token makes the socket its user's; anything else leaves it anonymous, or refuses it
    // with CONNECT_ERROR when anonymous connections are turned off.
    private async ValueTask AuthenticateAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var scope = SocketLogScope.Begin(logger, socket.Id, null);
        var token = socket.Handshake.Auth.ValueKind == JsonValueKind.Object &&
            socket.Handshake.Auth.TryGetProperty("token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        var check = token is null ? TokenCheck.Refused(JwtFailure.Malformed) : await tokens.ValidateAsync(token, cancellationToken);
        if (token is not null && !check.IsValid)
        {
            metrics.AuthFailed(check.Failure.ToString()!);
        }

        if (!check.IsValid && !options.Value.AllowAnonymousConnections)
        {
            RealtimeLog.ConnectRefused(logger, check.Failure.ToString()!);
            throw new SocketConnectException("Not authenticated", new { reason = "invalid_token" });
        }

        socket.Data = check;
    }

    private void OnConnection(Socket socket)
    {
        var check = socket.Data is TokenCheck c ? c : default;
        using var scope = SocketLogScope.Begin(logger, socket.Id, check.IsValid ? check.User.Id : null);
        var session = sessions.Add(socket);
        socket.OnDisconnect((s, _) => OnDisconnect(s));
        if (check.IsValid)
        {
            sessions.Authenticate(session, new SessionAuth(check.User, check.Claims));
            socket.Join(Rooms.User(check.User.Id));
            RealtimeLog.Connected(logger, socket.Id, check.User.Id);
            _ = presence.OnAuthenticatedAsync(session);
        }
        else
        {
            RealtimeLog.ConnectedAnonymous(logger, socket.Id, check.Failure?.ToString() ?? "no token");
        }
    }

    private async ValueTask OnDisconnect(Socket socket)
    {
        if (sessions.Remove(socket.Id) is not var (session, documents))
        {
            return;
        }

        using var scope = SocketLogScope.Begin(logger, socket.Id, session.User?.Id);
        foreach (var cleanup in cleanups)
        {
            try
            {
                await cleanup.OnDisconnectAsync(session, documents);
            }
#pragma warning disable CA1031 // A failing cleanup must not stop the others; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                RealtimeLog.CleanupFailed(logger, socket.Id, ex);
            }
        }
    }

    private async ValueTask DispatchAsync(IRealtimeEvent handler, SocketEvent e)
    {
        if (SessionRegistry.Of(e.Socket) is not { Closed: false } session)
        {
            return;
        }

        using var scope = SocketLogScope.Begin(logger, e.Socket.Id, session.User?.Id);
        var context = new RealtimeContext(e, session, logger, metrics, lifetime.ApplicationStopping);
        if (!handler.AllowAnonymous && session.Auth is null)
        {
            context.RefuseAnonymous("not authenticated: send user-join with a valid token first");
            return;
        }

        try
        {
            await handler.HandleAsync(context);
        }
#pragma warning disable CA1031 // A handler never throws into the transport: logged, and the client gets {error}.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            RealtimeLog.HandlerFailed(logger, e.Name, e.Socket.Id, ex);
            context.Ack(new Dictionary<string, string> { ["error"] = "Internal server error" });
        }
    }
}
