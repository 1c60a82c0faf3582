namespace Switchboard.SocketIO.Redis.Subscriptions;

/// <summary>How a channel is subscribed: SUBSCRIBE, PSUBSCRIBE or (Redis 7) SSUBSCRIBE.</summary>
internal enum SubscriptionKind
{
    Literal,
    Pattern,
    Sharded,
}
