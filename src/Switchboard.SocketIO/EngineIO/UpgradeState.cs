namespace Switchboard.SocketIO.EngineIO;

/// <summary>Where a polling session is in the upgrade to WebSocket (socketio-wire.md §3.7).</summary>
internal enum UpgradeState
{
    /// <summary>Polling, no WebSocket attached.</summary>
    None,

    /// <summary>A WebSocket with this sid is open and has not sent <c>2probe</c> yet.</summary>
    Attached,

    /// <summary><c>3probe</c> was sent; waiting for the upgrade packet <c>5</c>.</summary>
    Probed,

    /// <summary>The session runs on WebSocket (also for sessions that started there).</summary>
    Upgraded,
}
