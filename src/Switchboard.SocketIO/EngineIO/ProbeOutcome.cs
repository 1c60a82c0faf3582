namespace Switchboard.SocketIO.EngineIO;

/// <summary>The result of one packet on a probing WebSocket.</summary>
internal enum ProbeOutcome
{
    /// <summary>Still probing.</summary>
    Continue,

    /// <summary>The session now runs on this socket.</summary>
    Upgraded,

    /// <summary>The probe was given up and its socket is closing.</summary>
    Abandoned,
}
