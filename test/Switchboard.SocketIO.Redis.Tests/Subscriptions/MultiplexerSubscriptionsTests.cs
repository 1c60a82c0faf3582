using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Switchboard.SocketIO.Redis.Subscriptions;

namespace Switchboard.SocketIO.Redis.Tests.Subscriptions;

/// <summary>Subscriptions through StackExchange.Redis's multiplexer (the default) against a real redis-server.</summary>
public sealed class MultiplexerSubscriptionsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RedisFact]
    public async Task Subscribe_BurstOnEachKind_MessagesArriveInOrderWithTheirChannel()
    {
        var prefix = RedisEnvironment.UniquePrefix();
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(Configuration());
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(Configuration());
        var subscriptions = new MultiplexerSubscriptions(multiplexer.GetSubscriber(), NullLogger.Instance, TimeProvider.System);
        var received = new ConcurrentQueue<string>();
        await subscriptions.SubscribeAsync(SubscriptionKind.Literal, prefix + "#lit", Record(received), CancellationToken.None).WaitAsync(Timeout);
        await subscriptions.SubscribeAsync(SubscriptionKind.Pattern, prefix + "#pat#*", Record(received), CancellationToken.None).WaitAsync(Timeout);

        // Published without waiting between them: they reach the queue together and are handled in batches.
        var sub = publisher.GetSubscriber();
        var sent = Enumerable.Range(0, 200).Select(i => sub.PublishAsync(RedisChannel.Literal(prefix + "#lit"), "l" + i)).ToList();
        sent.Add(sub.PublishAsync(RedisChannel.Literal(prefix + "#pat#room"), "p"));
        await Task.WhenAll(sent).WaitAsync(Timeout);
        await Eventually.TrueAsync(() => received.Count == 201, "every message");

        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"{prefix}#lit=l{i}"), received.Where(r => r.Contains("#lit=", StringComparison.Ordinal)));
        Assert.Contains($"{prefix}#pat#room=p", received);
    }

    [RedisFact]
    public async Task Handle_InsideADeliveryBatch_WhatItDefersRunsBeforeTheLoopWaits()
    {
        var channel = RedisEnvironment.UniquePrefix() + "#c";
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(Configuration());
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(Configuration());
        var subscriptions = new MultiplexerSubscriptions(multiplexer.GetSubscriber(), NullLogger.Instance, TimeProvider.System);
        var deferred = 0;
        var flushed = 0;
        var handled = 0;
        Action flush = () => Interlocked.Increment(ref flushed);
        await subscriptions.SubscribeAsync(SubscriptionKind.Literal, channel, (_, _) =>
        {
            // The Socket.IO layer's batch is open while a handler runs (remote broadcasts are written at its end).
            if (RedisAdapterBase.DeliveryBatch.TryDefer(flush))
            {
                Interlocked.Increment(ref deferred);
            }

            Interlocked.Increment(ref handled);
        }, CancellationToken.None).WaitAsync(Timeout);

        for (var i = 0; i < 40; i++)
        {
            await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), "m" + i).WaitAsync(Timeout);
        }

        await Eventually.TrueAsync(() => Volatile.Read(ref handled) == 40, "every message handled");
        Assert.Equal(40, Volatile.Read(ref deferred));
        // Once per batch (the same callback added twice in a batch runs once), and never left behind.
        await Eventually.TrueAsync(() => Volatile.Read(ref flushed) >= 1, "the deferred flush ran");
        Assert.InRange(Volatile.Read(ref flushed), 1, 40);
    }

    [RedisFact]
    public async Task Handler_Throws_LaterMessagesStillArrive()
    {
        var channel = RedisEnvironment.UniquePrefix() + "#c";
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(Configuration());
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(Configuration());
        var subscriptions = new MultiplexerSubscriptions(multiplexer.GetSubscriber(), NullLogger.Instance, TimeProvider.System);
        var received = new ConcurrentQueue<string>();
        await subscriptions.SubscribeAsync(SubscriptionKind.Literal, channel, (_, payload) =>
        {
            var text = Encoding.UTF8.GetString(payload.Span);
            if (text == "bad")
            {
                throw new InvalidOperationException("a handler bug");
            }

            received.Enqueue(text);
        }, CancellationToken.None).WaitAsync(Timeout);

        await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), "bad").WaitAsync(Timeout);
        await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), "good").WaitAsync(Timeout);
        await Eventually.TrueAsync(() => received.Contains("good"), "the message after the failing one");
    }

    [RedisFact]
    public async Task Unsubscribe_NothingMoreIsHandled()
    {
        var channel = RedisEnvironment.UniquePrefix() + "#c";
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(Configuration());
        await using var multiplexer = await ConnectionMultiplexer.ConnectAsync(Configuration());
        var subscriptions = new MultiplexerSubscriptions(multiplexer.GetSubscriber(), NullLogger.Instance, TimeProvider.System);
        var received = new ConcurrentQueue<string>();
        await subscriptions.SubscribeAsync(SubscriptionKind.Literal, channel, Record(received), CancellationToken.None).WaitAsync(Timeout);
        await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), "before").WaitAsync(Timeout);
        await Eventually.TrueAsync(() => received.Count == 1, "the first message");

        await subscriptions.UnsubscribeAsync(SubscriptionKind.Literal, channel).WaitAsync(Timeout);
        Assert.Equal(0, await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), "after").WaitAsync(Timeout));
        // A marker on another channel, subscribed after: once it is here, "after" would have been too.
        var marker = channel + "-marker";
        var markers = new ConcurrentQueue<string>();
        await subscriptions.SubscribeAsync(SubscriptionKind.Literal, marker, Record(markers), CancellationToken.None).WaitAsync(Timeout);
        await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(marker), "m").WaitAsync(Timeout);
        await Eventually.TrueAsync(() => markers.Count == 1, "the marker");
        Assert.Single(received);
    }

    private static Action<string, ReadOnlyMemory<byte>> Record(ConcurrentQueue<string> into) => (channel, payload) =>
        into.Enqueue(channel + "=" + Encoding.UTF8.GetString(payload.Span));

    private static ConfigurationOptions Configuration()
    {
        Assert.True(RedisConfiguration.TryParse(RedisEnvironment.Url, out var options, out var error), error);
        return options;
    }
}
