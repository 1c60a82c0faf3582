namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>Request and response types of the classic adapter (socketio-wire.md §5.1; not the sharded numbering).</summary>
internal enum ClassicRequestType
{
    Sockets = 0,
    AllRooms = 1,
    RemoteJoin = 2,
    RemoteLeave = 3,
    RemoteDisconnect = 4,
    RemoteFetch = 5,
    ServerSideEmit = 6,
    Broadcast = 7,
    BroadcastClientCount = 8,
    BroadcastAck = 9,
}
