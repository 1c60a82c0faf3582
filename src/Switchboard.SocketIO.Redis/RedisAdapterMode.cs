namespace Switchboard.SocketIO.Redis;

/// <summary>Which of <c>@socket.io/redis-adapter</c>'s two wire forms the adapter speaks (socketio-wire.md §5).</summary>
public enum RedisAdapterMode
{
    /// <summary><c>createAdapter</c>: PUBLISH/PSUBSCRIBE, request and response channels; the emitter works with it.</summary>
    Classic,

    /// <summary><c>createShardedAdapter</c>: Redis 7 SPUBLISH/SSUBSCRIBE, the <c>ClusterAdapter</c> envelope; no emitter.</summary>
    Sharded,
}
