namespace Switchboard.SocketIO.EngineIO;

/// <summary>The Engine.IO transports an endpoint serves.</summary>
[Flags]
public enum EngineTransports
{
    /// <summary>No transport (an invalid configuration).</summary>
    None = 0,

    /// <summary>HTTP long-polling (<c>transport=polling</c>).</summary>
    Polling = 1,

    /// <summary>WebSocket (<c>transport=websocket</c>), directly or as an upgrade from polling.</summary>
    WebSocket = 2,

    /// <summary>Both transports (the default).</summary>
    All = Polling | WebSocket,
}
