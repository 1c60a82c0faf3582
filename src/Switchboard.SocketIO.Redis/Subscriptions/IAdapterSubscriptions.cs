namespace Switchboard.SocketIO.Redis.Subscriptions;

/// <summary>
/// The adapter's subscriptions on the one subscription connection of a server: each channel once, its messages handed
/// to its handler in the order Redis sent them. A handler runs synchronously on the receiving loop and must not keep
/// the payload past its return unless the implementation says it may (both implementations give a private copy).
/// </summary>
internal interface IAdapterSubscriptions
{
    /// <summary>
    /// Subscribes <paramref name="channel"/> (a pattern for <see cref="SubscriptionKind.Pattern"/>): completes once Redis
    /// confirmed it. While Redis is away it keeps trying, so the task completes when Redis is back (or
    /// <paramref name="cancellationToken"/> ends the wait; the subscription itself stays registered).
    /// </summary>
    Task SubscribeAsync(SubscriptionKind kind, string channel, Action<string, ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken);

    /// <summary>Ends a subscription; messages still on the way are dropped.</summary>
    Task UnsubscribeAsync(SubscriptionKind kind, string channel);
}
