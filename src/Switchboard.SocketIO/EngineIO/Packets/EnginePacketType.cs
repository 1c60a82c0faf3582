namespace Switchboard.SocketIO.EngineIO.Packets;

/// <summary>Engine.IO v4 packet types, numbered as on the wire (socketio-wire.md §3.3).</summary>
internal enum EnginePacketType : byte
{
    Open = 0,
    Close = 1,
    Ping = 2,
    Pong = 3,
    Message = 4,
    Upgrade = 5,
    Noop = 6,
}
