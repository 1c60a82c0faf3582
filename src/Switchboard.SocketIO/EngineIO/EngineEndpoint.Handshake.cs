using System.Buffers;
using Microsoft.AspNetCore.Http;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.EngineIO;

internal sealed partial class EngineEndpoint
{
    private async Task HandshakePollingAsync(HttpContext context)
    {
        var session = Open(context, PollingTransport.Name);
        await session.OpenAsync();
        // The handshake GET is the session's first poll: it carries the open packet and whatever OnOpenAsync queued.
        await session.HandlePollAsync(context);
    }

    private async Task HandshakeWebSocketAsync(HttpContext context)
    {
        var (socket, stream) = await WebSocketAcceptor.AcceptAsync(context);
        var transport = new WebSocketTransport(socket, stream, Time, Options, context.Abort, Coalescer);
        var session = Open(context, WebSocketTransport.Name, transport);
        await session.OpenAsync();
        await session.RunWebSocketAsync(transport, probing: false);
    }

    private EngineSession Open(HttpContext context, string transportName, WebSocketTransport? webSocket = null)
    {
        var session = new EngineSession(this, SessionIds.NewId(), Snapshot(context), transportName);
        if (webSocket is not null)
        {
            session.AttachWebSocket(webSocket);
        }

        var upgrades = webSocket is null && (Options.Transports & EngineTransports.WebSocket) != 0;
        var json = new ArrayBufferWriter<byte>(192);
        HandshakeWriter.Write(json, session.Id, upgrades, (long)Options.PingInterval.TotalMilliseconds, (long)Options.PingTimeout.TotalMilliseconds, Options.MaxPayload);
        // The queue is empty and at least one entry long, so the open packet is always first.
        session.TryEnqueue(new QueuedSend(new EnginePacket(EnginePacketType.Open, json.WrittenMemory)));
        Add(session);
        return session;
    }

    private EngineHandshake Snapshot(HttpContext context)
    {
        var request = context.Request;
        // Compact copies (one array each): the session keeps them for its whole life.
        var headers = HandshakeValues.From(request.Headers, request.Headers.Count, StringComparison.OrdinalIgnoreCase, static v => v.ToString());
        var query = HandshakeValues.From(request.Query, request.Query.Count, StringComparison.Ordinal, static v => v.ToString());

        return new EngineHandshake
        {
            Headers = headers,
            Query = query,
            RemoteAddress = context.Connection.RemoteIpAddress,
            Url = request.PathBase + request.Path + request.QueryString,
            Secure = request.IsHttps,
            CrossDomain = request.Headers.Origin.Count > 0,
            IssuedAt = Time.GetUtcNow(),
        };
    }
}
