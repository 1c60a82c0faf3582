using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO;

/// <summary>Why a socket left its namespace. <see cref="DisconnectReasons.ToWireName"/> gives socket.io's name.</summary>
public enum DisconnectReason
{
    /// <summary>The client sent a DISCONNECT packet ("client namespace disconnect").</summary>
    ClientNamespaceDisconnect,

    /// <summary>The server called <see cref="Socket.Disconnect"/> ("server namespace disconnect").</summary>
    ServerNamespaceDisconnect,

    /// <summary>The connection was closed cleanly ("transport close").</summary>
    TransportClose,

    /// <summary>The connection failed ("transport error").</summary>
    TransportError,

    /// <summary>The client stopped answering pings ("ping timeout").</summary>
    PingTimeout,

    /// <summary>The client sent an invalid packet ("parse error").</summary>
    ParseError,

    /// <summary>The server closed the underlying connection ("forced close").</summary>
    ForcedClose,

    /// <summary>The server closed the connection with every namespace on it ("forced server close").</summary>
    ForcedServerClose,

    /// <summary>The host is stopping ("server shutting down").</summary>
    ServerShuttingDown,
}

/// <summary>Helpers for <see cref="DisconnectReason"/>.</summary>
public static class DisconnectReasons
{
    /// <summary>The reason as socket.io names it, for example <c>"transport close"</c>.</summary>
    public static string ToWireName(this DisconnectReason reason) => reason switch
    {
        DisconnectReason.ClientNamespaceDisconnect => "client namespace disconnect",
        DisconnectReason.ServerNamespaceDisconnect => "server namespace disconnect",
        DisconnectReason.TransportClose => "transport close",
        DisconnectReason.TransportError => "transport error",
        DisconnectReason.PingTimeout => "ping timeout",
        DisconnectReason.ParseError => "parse error",
        DisconnectReason.ForcedClose => "forced close",
        DisconnectReason.ForcedServerClose => "forced server close",
        DisconnectReason.ServerShuttingDown => "server shutting down",
        _ => throw new ArgumentOutOfRangeException(nameof(reason)),
    };

    /// <summary>
    /// <see langword="true"/> for the reasons after which connection state recovery keeps the session
    /// (socket.io <c>RECOVERABLE_DISCONNECT_REASONS</c>): the client did not choose to leave.
    /// </summary>
    public static bool IsRecoverable(this DisconnectReason reason) => reason is
        DisconnectReason.TransportError or DisconnectReason.TransportClose or DisconnectReason.ForcedClose or
        DisconnectReason.PingTimeout or DisconnectReason.ServerShuttingDown or DisconnectReason.ForcedServerClose;

    internal static DisconnectReason FromEngine(EngineCloseReason reason) => reason switch
    {
        EngineCloseReason.TransportClose => DisconnectReason.TransportClose,
        EngineCloseReason.TransportError => DisconnectReason.TransportError,
        EngineCloseReason.PingTimeout => DisconnectReason.PingTimeout,
        EngineCloseReason.ParseError => DisconnectReason.ParseError,
        EngineCloseReason.ForcedClose => DisconnectReason.ForcedClose,
        EngineCloseReason.ServerShuttingDown => DisconnectReason.ServerShuttingDown,
        _ => DisconnectReason.TransportError,
    };
}
