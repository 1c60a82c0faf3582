namespace Switchboard.SocketIO.EngineIO;

/// <summary>The error codes of Engine.IO request failures, numbered as on the wire (socketio-wire.md §3.1).</summary>
internal enum EngineErrorCode
{
    TransportUnknown = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}
