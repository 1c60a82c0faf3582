using System.Net;
using Microsoft.AspNetCore.Http;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// A snapshot of the HTTP request that opened an Engine.IO session. It outlives the request,
/// so it holds copies, never the <see cref="HttpContext"/>.
/// </summary>
public sealed record EngineHandshake
{
    /// <summary>Request headers at the handshake.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>Query string parameters at the handshake (including <c>EIO</c> and <c>transport</c>).</summary>
    public required IReadOnlyDictionary<string, string> Query { get; init; }

    /// <summary>The client's address, if known.</summary>
    public IPAddress? RemoteAddress { get; init; }

    /// <summary>The request path and query.</summary>
    public required string Url { get; init; }

    /// <summary><see langword="true"/> when the request came over HTTPS/WSS.</summary>
    public bool Secure { get; init; }

    /// <summary><see langword="true"/> when the request carried an <c>Origin</c> header (a cross-domain browser request).</summary>
    public bool CrossDomain { get; init; }

    /// <summary>When the session was opened.</summary>
    public DateTimeOffset IssuedAt { get; init; }
}
