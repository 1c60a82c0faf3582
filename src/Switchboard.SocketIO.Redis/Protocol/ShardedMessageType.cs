namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>Message types of socket.io-adapter's ClusterAdapter, which the sharded adapter speaks (socketio-wire.md §5.2).</summary>
internal enum ShardedMessageType
{
    InitialHeartbeat = 1,
    Heartbeat = 2,
    Broadcast = 3,
    SocketsJoin = 4,
    SocketsLeave = 5,
    DisconnectSockets = 6,
    FetchSockets = 7,
    FetchSocketsResponse = 8,
    ServerSideEmit = 9,
    ServerSideEmitResponse = 10,
    BroadcastClientCount = 11,
    BroadcastAck = 12,
    AdapterClose = 13,
}
