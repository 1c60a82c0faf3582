namespace Switchboard.SocketIO.EngineIO;

/// <summary>Why an Engine.IO session closed. The names follow engine.io's close reasons.</summary>
public enum EngineCloseReason
{
    /// <summary>The client sent a close packet or the connection ended cleanly ("transport close").</summary>
    TransportClose,

    /// <summary>The transport failed: a socket error, an aborted request ("transport error").</summary>
    TransportError,

    /// <summary>No pong arrived within pingTimeout ("ping timeout").</summary>
    PingTimeout,

    /// <summary>The client sent something that is not valid Engine.IO or application data ("parse error").</summary>
    ParseError,

    /// <summary>The server closed the session through <see cref="IEngineConnection.Close"/> ("forced close").</summary>
    ForcedClose,

    /// <summary>The host is stopping ("server shutting down").</summary>
    ServerShuttingDown,
}
