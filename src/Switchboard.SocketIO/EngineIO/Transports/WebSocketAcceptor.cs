using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Switchboard.SocketIO.EngineIO.Transports;

/// <summary>
/// Accepts WebSocket upgrades. On a real server (Kestrel) it performs the RFC 6455 handshake itself over
/// <see cref="IHttpUpgradeFeature"/>, so the connection stream can be wrapped in a <see cref="CoalescingStream"/>
/// and no <c>UseWebSockets()</c> middleware is needed. Where only <see cref="IHttpWebSocketFeature"/> exists
/// (TestHost), it falls back to <see cref="WebSocketManager.AcceptWebSocketAsync()"/>, without coalescing.
/// permessage-deflate is declined, as Node's server does by default.
/// </summary>
internal static class WebSocketAcceptor
{
    // RFC 6455 §1.3: the accept key is base64(SHA-1(key + this GUID)).
    private const string HandshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static bool IsWebSocketRequest(HttpContext context)
    {
        if (context.Features.Get<IHttpWebSocketFeature>() is { IsWebSocketRequest: true } || IsExtendedConnect(context))
        {
            return true;
        }

        var request = context.Request;
        return context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true }
            && HttpMethods.IsGet(request.Method)
            && request.Headers.Upgrade.ToString().Contains("websocket", StringComparison.OrdinalIgnoreCase)
            && request.Headers.SecWebSocketVersion.ToString() == "13"
            && IsValidKey(request.Headers.SecWebSocketKey.ToString());
    }

    /// <summary>Completes the upgrade; the caller checked <see cref="IsWebSocketRequest"/> and the Engine.IO query first.</summary>
    public static async Task<(WebSocket Socket, CoalescingStream? Stream)> AcceptAsync(HttpContext context)
    {
        if (IsExtendedConnect(context))
        {
            // WebSockets over HTTP/2 (RFC 8441): the answer is a 200 to the CONNECT, no accept key.
            var connected = new CoalescingStream(await context.Features.GetRequiredFeature<IHttpExtendedConnectFeature>().AcceptAsync(), WritesFlush(context));
            return (WebSocket.CreateFromStream(connected, ServerOptions()), connected);
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true })
        {
            return (await context.WebSockets.AcceptWebSocketAsync(), null);
        }

        var headers = context.Response.Headers;
        headers.Connection = "Upgrade";
        headers.Upgrade = "websocket";
        headers.SecWebSocketAccept = AcceptKey(context.Request.Headers.SecWebSocketKey.ToString());
        var stream = new CoalescingStream(await upgrade.UpgradeAsync(), WritesFlush(context));
        return (WebSocket.CreateFromStream(stream, ServerOptions()), stream);
    }

    // Kestrel (recognised by its response data rate feature) flushes each write of an upgraded or CONNECT stream
    // itself: its HTTP/1.1 and HTTP/2 output producers end WriteDataToPipeAsync with a pipe flush. Other servers get an
    // explicit flush after each batch.
    private static bool WritesFlush(HttpContext context) => context.Features.Get<IHttpMinResponseDataRateFeature>() is not null;

    // Engine.IO has its own heartbeat, so no WebSocket-level pings.
    private static WebSocketCreationOptions ServerOptions() => new() { IsServer = true, KeepAliveInterval = TimeSpan.Zero };

    private static bool IsExtendedConnect(HttpContext context) =>
        context.Features.Get<IHttpWebSocketFeature>() is null
        && context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true, Protocol: { } protocol }
        && string.Equals(protocol, "websocket", StringComparison.OrdinalIgnoreCase)
        && context.Request.Headers.SecWebSocketVersion.ToString() == "13";

    private static bool IsValidKey(string key)
    {
        Span<byte> decoded = stackalloc byte[16];
        return key.Length == 24 && Convert.TryFromBase64String(key, decoded, out var written) && written == 16;
    }

    // SHA-1 is what RFC 6455 prescribes here; it is a handshake checksum, not a security measure.
#pragma warning disable CA5350
    private static string AcceptKey(string key) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + HandshakeGuid)));
#pragma warning restore CA5350
}
