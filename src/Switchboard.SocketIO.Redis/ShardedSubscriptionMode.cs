namespace Switchboard.SocketIO.Redis;

/// <summary>Which room channels the sharded adapter subscribes to (<c>subscriptionMode</c> of <c>createShardedAdapter</c>).</summary>
public enum ShardedSubscriptionMode
{
    /// <summary>Only the namespace channel and this server's response channel; every broadcast goes on the namespace channel.</summary>
    Static,

    /// <summary>Also one channel per public room with a local member (the default): a server without members never sees that room's broadcasts.</summary>
    Dynamic,

    /// <summary>Like <see cref="Dynamic"/>, for private rooms (socket ids) too.</summary>
    DynamicPrivate,
}
