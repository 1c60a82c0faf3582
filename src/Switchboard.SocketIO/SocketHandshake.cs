using System.Text.Json;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO;

/// <summary>What a client sent to connect to a namespace: the HTTP handshake of its connection and the CONNECT payload.</summary>
public sealed record SocketHandshake
{
    /// <summary>Request headers of the request that opened the connection.</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>Query string parameters of that request.</summary>
    public required IReadOnlyDictionary<string, string> Query { get; init; }

    /// <summary>The CONNECT payload (socket.io-client's <c>auth</c> option); an empty object when there was none.</summary>
    public required JsonElement Auth { get; init; }

    /// <summary>The client's address, if known.</summary>
    public string? Address { get; init; }

    /// <summary>The request path and query.</summary>
    public required string Url { get; init; }

    /// <summary><see langword="true"/> over HTTPS/WSS.</summary>
    public bool Secure { get; init; }

    /// <summary><see langword="true"/> when the request carried an <c>Origin</c> header.</summary>
    public bool CrossDomain { get; init; }

    /// <summary>When the connection was opened.</summary>
    public DateTimeOffset IssuedAt { get; init; }

    internal static SocketHandshake Create(EngineHandshake engine, JsonElement? auth) => new()
    {
        Headers = engine.Headers,
        Query = engine.Query,
        Auth = auth?.Clone() ?? EmptyObject,
        Address = engine.RemoteAddress?.ToString(),
        Url = engine.Url,
        Secure = engine.Secure,
        CrossDomain = engine.CrossDomain,
        IssuedAt = engine.IssuedAt,
    };

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;
}
