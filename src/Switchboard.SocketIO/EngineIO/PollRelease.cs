namespace Switchboard.SocketIO.EngineIO;

/// <summary>Why a pending polling GET was woken without data.</summary>
internal enum PollRelease
{
    /// <summary>Not released: woken by data, by the session closing, or by the client aborting the request.</summary>
    None,

    /// <summary>An upgrade probe is in progress: answer <c>6</c> (noop) so the client can pause polling.</summary>
    Noop,

    /// <summary>The session moved to WebSocket: this GET is no longer valid (400, code 3).</summary>
    Upgraded,
}
