namespace Switchboard.SocketIO.Adapters;

/// <summary>What connection state recovery keeps of a socket that disconnected unexpectedly.</summary>
public sealed record SocketSession
{
    /// <summary>The socket id, given back on recovery.</summary>
    public required string Id { get; init; }

    /// <summary>The private session id the client presents on reconnect.</summary>
    public required string Pid { get; init; }

    /// <summary>The rooms the socket was in (its own id room included).</summary>
    public required IReadOnlyList<string> Rooms { get; init; }

    /// <summary><see cref="Socket.Data"/> at disconnect.</summary>
    public object? Data { get; init; }

    /// <summary>When the socket disconnected.</summary>
    public DateTimeOffset DisconnectedAt { get; init; }
}
