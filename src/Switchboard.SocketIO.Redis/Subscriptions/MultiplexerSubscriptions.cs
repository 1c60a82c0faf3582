using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Switchboard.SocketIO.Redis.Subscriptions;

/// <summary>
/// Subscriptions through StackExchange.Redis's multiplexer (its subscription connection, restored by it after a
/// reconnect): each channel's <see cref="ChannelMessageQueue"/> keeps the order, and a loop of ours on the thread pool
/// takes what it holds in batches and runs each message's handler inside the Socket.IO layer's delivery batch, as the
/// dedicated subscriber's read loop does: what a batch delivers to local sockets is written by this loop before it
/// waits again, not handed to each recipient's send loop (a thread hop per message, and under CPU starvation a backlog
/// the send loop never gets to run for: a burst of a backed-up queue could fill a session's send queue and close it).
/// Used by default, and when the adapter cannot open a connection of its own (a sentinel, several endpoints, TLS,
/// or only a <see cref="RedisAdapterOptions.ConnectionFactory"/>).
/// </summary>
internal sealed class MultiplexerSubscriptions(ISubscriber subscriber, ILogger logger, TimeProvider timeProvider) : IAdapterSubscriptions
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    // Messages handled before the deliveries gathered so far are written, when more are already queued.
    private const int MaxMessagesPerFlush = 16;
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
                _queues[(kind, channel)] = queue;
                _ = Task.Run(() => PumpAsync(queue, handler), CancellationToken.None);
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

    // Until the queue completes (unsubscribed, or the multiplexer disposed): up to MaxMessagesPerFlush messages that are
    // already queued are handled in one delivery batch, then what they queued for local sockets (and the publishes they
    // made) is written, and only then does the loop wait.
    private async Task PumpAsync(ChannelMessageQueue queue, Action<string, ReadOnlyMemory<byte>> handler)
    {
        while (true)
        {
            ChannelMessage message;
            try
            {
                message = await queue.ReadAsync();
            }
            catch (ChannelClosedException)
            {
                return;
            }

            var handled = 0;
            try
            {
                do
                {
                    Handle(handler, message);
                }
                while (++handled < MaxMessagesPerFlush && queue.TryRead(out message));
            }
            finally
            {
                RedisAdapterBase.DeliveryBatch.Flush();
            }
        }
    }

    private void Handle(Action<string, ReadOnlyMemory<byte>> handler, ChannelMessage message)
    {
        var channel = message.Channel.ToString();
        RedisAdapterBase.DeliveryBatch.Enter();
        try
        {
            handler(channel, (ReadOnlyMemory<byte>)message.Message);
        }
#pragma warning disable CA1031 // A handler's failure is logged; it must not end the subscription.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            logger.SubscriberHandlerFailed(channel, ex);
        }
        finally
        {
            RedisAdapterBase.DeliveryBatch.Exit();
        }
    }

    private static RedisChannel ToRedisChannel(SubscriptionKind kind, string channel) => kind switch
    {
        SubscriptionKind.Pattern => RedisChannel.Pattern(channel),
        SubscriptionKind.Sharded => RedisChannel.Sharded(channel),
        _ => RedisChannel.Literal(channel),
    };
}
