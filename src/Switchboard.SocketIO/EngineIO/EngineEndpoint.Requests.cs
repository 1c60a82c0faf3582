using Microsoft.AspNetCore.Http;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.EngineIO;

internal sealed partial class EngineEndpoint
{
    private const string ProtocolVersion = "4";

    /// <summary>
    /// Routes one request. The checks run in Node's order (socketio-wire.md §3.1): transport, origin, then with a
    /// sid: known session, heartbeat deadline, transport and EIO of the session; without one: method, WebSocket
    /// upgrade, allowRequest, EIO.
    /// </summary>
    public async Task HandleRequestAsync(HttpContext context)
    {
        var request = context.Request;
        if (!_cors.CheckAndApply(context))
        {
            EngineIOLog.OriginRefused(Logger, request.Headers.Origin.ToString());
            await RefuseAsync(context, EngineErrorCode.Forbidden);
            return;
        }

        if (EngineCors.IsPreflight(request))
        {
            EngineCors.WritePreflight(context);
            return;
        }

        var query = request.Query;
        var transport = query["transport"].ToString();
        var transportEnabled = transport switch
        {
            PollingTransport.Name => (Options.Transports & EngineTransports.Polling) != 0,
            WebSocketTransport.Name => (Options.Transports & EngineTransports.WebSocket) != 0,
            _ => false,
        };
        if (!transportEnabled)
        {
            await RefuseAsync(context, EngineErrorCode.TransportUnknown);
            return;
        }

        if (EngineCors.HasInvalidOriginCharacters(request))
        {
            await RefuseAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        var eio = query["EIO"].ToString();
        var sid = query["sid"].ToString();
        if (sid.Length > 0)
        {
            await HandleSessionRequestAsync(context, sid, transport, eio);
            return;
        }

        var isWebSocket = transport == WebSocketTransport.Name;
        // An HTTP/2 WebSocket arrives as an extended CONNECT rather than a GET.
        if (!HttpMethods.IsGet(request.Method) && !(isWebSocket && HttpMethods.IsConnect(request.Method) && WebSocketAcceptor.IsWebSocketRequest(context)))
        {
            await RefuseAsync(context, EngineErrorCode.BadHandshakeMethod);
            return;
        }

        if (isWebSocket && !WebSocketAcceptor.IsWebSocketRequest(context))
        {
            await RefuseAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        if (Options.AllowRequest is { } allow && !await allow(context))
        {
            await RefuseAsync(context, EngineErrorCode.Forbidden);
            return;
        }

        if (eio != ProtocolVersion)
        {
            await RefuseAsync(context, EngineErrorCode.UnsupportedProtocolVersion);
            return;
        }

        await (isWebSocket ? HandshakeWebSocketAsync(context) : HandshakePollingAsync(context));
    }

    private async Task HandleSessionRequestAsync(HttpContext context, string sid, string transport, string eio)
    {
        TryGetSession(sid, out var session);
        if (session is null || !session.CheckHeartbeat())
        {
            // A GET that the client's close POST overtook still gets its noop (see EngineSession.TryTakeCloseNoop).
            if (session is not null && transport == PollingTransport.Name && HttpMethods.IsGet(context.Request.Method) && session.TryTakeCloseNoop())
            {
                await PollingTransport.WritePayloadAsync(context, PollingTransport.NoopPayload, Time, Options.WriteTimeout);
                return;
            }

            await RefuseAsync(context, EngineErrorCode.UnknownSid);
            return;
        }

        if (eio != ProtocolVersion)
        {
            await RefuseAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        if (transport == WebSocketTransport.Name)
        {
            if (!WebSocketAcceptor.IsWebSocketRequest(context))
            {
                await RefuseAsync(context, EngineErrorCode.BadRequest);
                return;
            }

            await UpgradeAsync(context, session);
            return;
        }

        if (session.Transport != PollingTransport.Name)
        {
            await RefuseAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        var method = context.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            await session.HandlePollAsync(context);
        }
        else if (HttpMethods.IsPost(method))
        {
            await session.HandlePostAsync(context);
        }
        else
        {
            // Node answers 500 with no body here; 400 says what it is.
            await RefuseAsync(context, EngineErrorCode.BadRequest);
        }
    }

    private async Task UpgradeAsync(HttpContext context, EngineSession session)
    {
        var (socket, stream) = await WebSocketAcceptor.AcceptAsync(context);
        var transport = new WebSocketTransport(socket, stream, Time, Options, context.Abort, Coalescer);
        if (!session.TryAttachProbe(transport))
        {
            // A second WebSocket for a session that is upgrading or upgraded: accepted, then closed (as Node does).
            await transport.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.PolicyViolation);
            await DrainUntilClosedAsync(transport);
            return;
        }

        await session.RunWebSocketAsync(transport, probing: true);
    }

    private static async Task DrainUntilClosedAsync(WebSocketTransport transport)
    {
        using var buffer = new PooledBuffer();
        try
        {
            while (await transport.ReceiveAsync(buffer) != WebSocketMessageKind.Close)
            {
                buffer.Return();
            }
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer went away without a close frame.
        }
        finally
        {
            transport.Dispose();
        }
    }

    private Task RefuseAsync(HttpContext context, EngineErrorCode code)
    {
        EngineIOLog.RequestRefused(Logger, (int)code, EngineErrors.Message(code), context.Request.Method, context.Request.Path);
        return EngineErrors.WriteAsync(context, code);
    }
}
