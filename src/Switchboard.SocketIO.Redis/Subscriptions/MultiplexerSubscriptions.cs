using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Switchboard.SocketIO.Redis.Subscriptions;

/// <summary>
/// Subscriptions through StackExchange.Redis's multiplexer (its subscription connection, restored by it after a
/// reconnect): each channel's <see cref="ChannelMessageQueue"/> keeps the order and hands each message to the handler
/// on the thread pool. Used when the adapter cannot open a connection of its own (a sentinel, several endpoints, TLS,
/// or only a <see cref="RedisAdapterOptions.ConnectionFactory"/>).
/// </summary>
internal sealed class MultiplexerSubscriptions(ISubscriber subscriber, ILogger logger, TimeProvider timeProvider) : IAdapterSubscriptions
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(SubscriptionKind, string), ChannelMessageQueue> _queues = new();

    /// <inheritdoc />
    /// <remarks>
    /// A failed first SUBSCRIBE (not connected yet, or Redis down) is not restored by the multiplexer, so it is retried
    /// here with back-off until it holds (or <c>cancellationToken</c> gives up: then it is not subscribed).
    /// </remarks>
    public async Task SubscribeAsync(SubscriptionKind kind, string channel, Action<string, ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken)
    {
        var redisChannel = ToRedisChannel(kind, channel);
        var delay = FirstRetry;
        while (true)
        {
            try
            {
                var queue = await subscriber.SubscribeAsync(redisChannel);
                queue.OnMessage(message => handler(message.Channel.ToString(), (ReadOnlyMemory<byte>)message.Message));
                _queues[(kind, channel)] = queue;
                return;
            }
            catch (RedisException ex)
            {
                logger.SubscriptionFailed(channel, ex.Message);
                await Task.Delay(delay, timeProvider, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
            }
        }
    }

    /// <inheritdoc />
    public async Task UnsubscribeAsync(SubscriptionKind kind, string channel)
    {
        if (_queues.TryRemove((kind, channel), out var queue))
        {
            try
            {
                await queue.UnsubscribeAsync();
            }
            catch (RedisException)
            {
                // Redis is away: the subscription ends with the connection anyway.
            }
        }
    }

    private static RedisChannel ToRedisChannel(SubscriptionKind kind, string channel) => kind switch
    {
        SubscriptionKind.Pattern => RedisChannel.Pattern(channel),
        SubscriptionKind.Sharded => RedisChannel.Sharded(channel),
        _ => RedisChannel.Literal(channel),
    };
}
