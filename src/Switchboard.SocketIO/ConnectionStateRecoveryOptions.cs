namespace Switchboard.SocketIO;

/// <summary>
/// Connection state recovery: after an unexpected disconnect, a client that reconnects in time gets its socket id,
/// rooms and <see cref="Socket.Data"/> back, and the events it missed (socketio-wire.md §4.5).
/// </summary>
/// <remarks>
/// While it is on, every event sent without an ack and not volatile carries one extra trailing string argument,
/// the offset, and handlers in the browser see it (Node behaves the same).
/// </remarks>
public sealed class ConnectionStateRecoveryOptions
{
    /// <summary>How long a disconnected session (and the packets it may miss) is kept (2 minutes).</summary>
    public TimeSpan MaxDisconnectionDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most events the recovery log of a namespace keeps (100,000); the oldest go first.</summary>
    public int MaxLogPackets { get; set; } = 100_000;

    /// <summary>The most bytes (encoded packets and attachments) the recovery log of a namespace keeps (32 MiB); the oldest go first.</summary>
    public long MaxLogBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The most disconnected sessions a namespace keeps for recovery (100,000); the longest disconnected go first.</summary>
    public int MaxSessions { get; set; } = 100_000;

    /// <summary>Whether a recovered socket skips the connect middleware (default <see langword="true"/>).</summary>
    public bool SkipMiddlewares { get; set; } = true;
}
