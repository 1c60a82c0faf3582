using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using Switchboard.SocketIO.Redis.Subscriptions;
using Switchboard.Testing;

namespace Switchboard.SocketIO.Redis.Tests.Subscriptions;

/// <summary>The adapter's own subscription connection against a real redis-server.</summary>
public sealed class DedicatedSubscriberTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RedisFact]
    public async Task Subscribe_EachKind_MessagesArriveInOrderWithTheirChannel()
    {
        var prefix = RedisEnvironment.UniquePrefix();
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(Configuration(RedisEnvironment.Url));
        await using var subscriber = new DedicatedSubscriber(Settings(RedisEnvironment.Url), NullLogger.Instance, TimeProvider.System);
        var received = new ConcurrentQueue<string>();
        await subscriber.SubscribeAsync(SubscriptionKind.Literal, prefix + "#lit", Record(received), CancellationToken.None).WaitAsync(Timeout);
        await subscriber.SubscribeAsync(SubscriptionKind.Pattern, prefix + "#pat#*", Record(received), CancellationToken.None).WaitAsync(Timeout);
        await subscriber.SubscribeAsync(SubscriptionKind.Sharded, prefix + "#sh", Record(received), CancellationToken.None).WaitAsync(Timeout);
        Assert.True(subscriber.IsConnected);

        var sub = publisher.GetSubscriber();
        for (var i = 0; i < 50; i++)
        {
            await sub.PublishAsync(RedisChannel.Literal(prefix + "#lit"), "l" + i);
        }

        await sub.PublishAsync(RedisChannel.Literal(prefix + "#pat#room"), new byte[] { 0, 0xff, 13, 10 });
        await sub.PublishAsync(RedisChannel.Sharded(prefix + "#sh"), "s");
        await Eventually.TrueAsync(() => received.Count == 52, "every message");

        var expected = Enumerable.Range(0, 50).Select(i => $"{prefix}#lit=l{i}")
            .Append($"{prefix}#pat#room=00FF0D0A").Append($"{prefix}#sh=s");
        Assert.Equal(expected, received);
    }

    [RedisFact]
    public async Task Handler_Throws_LaterMessagesStillArrive()
    {
        var channel = RedisEnvironment.UniquePrefix() + "#c";
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(Configuration(RedisEnvironment.Url));
        await using var subscriber = new DedicatedSubscriber(Settings(RedisEnvironment.Url), NullLogger.Instance, TimeProvider.System);
        var received = new ConcurrentQueue<string>();
        await subscriber.SubscribeAsync(SubscriptionKind.Literal, channel, (name, payload) =>
        {
            var text = Encoding.UTF8.GetString(payload.Span);
            if (text == "bad")
            {
                throw new InvalidOperationException("a handler bug");
            }

            received.Enqueue(text);
        }, CancellationToken.None).WaitAsync(Timeout);

        await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), "bad");
        await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal(channel), "good");
        await Eventually.TrueAsync(() => received.Contains("good"), "the message after the failing one");
        Assert.True(subscriber.IsConnected);
    }

    [RedisFact]
    public async Task Unsubscribe_ChannelHasNoSubscriberLeft()
    {
        var channel = RedisEnvironment.UniquePrefix() + "#c";
        await using var commands = await ConnectionMultiplexer.ConnectAsync(Configuration(RedisEnvironment.Url));
        await using var subscriber = new DedicatedSubscriber(Settings(RedisEnvironment.Url), NullLogger.Instance, TimeProvider.System);
        await subscriber.SubscribeAsync(SubscriptionKind.Literal, channel, (_, _) => { }, CancellationToken.None).WaitAsync(Timeout);
        Assert.Equal(1, await NumSubAsync(commands, channel));

        await subscriber.UnsubscribeAsync(SubscriptionKind.Literal, channel).WaitAsync(Timeout);
        await Eventually.TrueAsync(async () => await NumSubAsync(commands, channel) == 0, "unsubscribed");
    }

    [RedisFact(needsServerBinary: true)]
    public async Task Connect_WithAclUserAndPassword_Authenticates()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(Configuration(redis.Url)))
        {
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "sbuser", "on", ">s3cret", "~*", "&*", "+@all");
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "off");
        }

        var url = $"redis://sbuser:s3cret@127.0.0.1:{redis.Port}";
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(Configuration(url));
        await using var subscriber = new DedicatedSubscriber(Settings(url), NullLogger.Instance, TimeProvider.System);
        var received = new ConcurrentQueue<string>();
        await subscriber.SubscribeAsync(SubscriptionKind.Literal, "c", Record(received), CancellationToken.None).WaitAsync(Timeout);
        await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal("c"), "x");
        await Eventually.TrueAsync(() => received.Count == 1, "the message");
    }

    [RedisFact(needsServerBinary: true)]
    public async Task Connect_WrongPassword_NeverConfirmsAndDisposesCleanly()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using (var admin = await ConnectionMultiplexer.ConnectAsync(Configuration(redis.Url)))
        {
            await admin.GetDatabase().ExecuteAsync("ACL", "SETUSER", "default", "on", ">right");
        }

        var subscriber = new DedicatedSubscriber(Settings($"redis://:wrong@127.0.0.1:{redis.Port}"), NullLogger.Instance, TimeProvider.System);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => subscriber.SubscribeAsync(SubscriptionKind.Literal, "c", (_, _) => { }, giveUp.Token));
        Assert.False(subscriber.IsConnected);
        await subscriber.DisposeAsync().AsTask().WaitAsync(Timeout);
    }

    [RedisFact(needsServerBinary: true)]
    public async Task Restart_SubscriptionsComeBack()
    {
        await using var redis = await RedisServerProcess.StartAsync();
        await using var subscriber = new DedicatedSubscriber(Settings(redis.Url), NullLogger.Instance, TimeProvider.System);
        var received = new ConcurrentQueue<string>();
        await subscriber.SubscribeAsync(SubscriptionKind.Literal, "a", Record(received), CancellationToken.None).WaitAsync(Timeout);
        await redis.KillAsync();
        await Eventually.TrueAsync(() => !subscriber.IsConnected, "the loss noticed");

        // Registered while Redis is away: subscribed once it is back.
        var late = subscriber.SubscribeAsync(SubscriptionKind.Pattern, "b*", Record(received), CancellationToken.None);
        await redis.StartAgainAsync();
        await late.WaitAsync(TimeSpan.FromSeconds(60));
        await using var publisher = await ConnectionMultiplexer.ConnectAsync(Configuration(redis.Url));
        await Eventually.TrueAsync(async () => await NumSubAsync(publisher, "a") == 1, "a subscribed again", TimeSpan.FromSeconds(60));
        await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal("a"), "1");
        await publisher.GetSubscriber().PublishAsync(RedisChannel.Literal("b2"), "2");
        await Eventually.TrueAsync(() => received.Count == 2, "both messages");
        Assert.Equal(["a=1", "b2=2"], received);
    }

    private static Action<string, ReadOnlyMemory<byte>> Record(ConcurrentQueue<string> into) => (channel, payload) =>
    {
        var text = Encoding.UTF8.GetString(payload.Span);
        into.Enqueue(channel + "=" + (text.Any(char.IsControl) || text.Contains('\uFFFD', StringComparison.Ordinal) ? Convert.ToHexString(payload.Span) : text));
    };

    private static async Task<long> NumSubAsync(ConnectionMultiplexer multiplexer, string channel)
    {
        var reply = (RedisResult[])(await multiplexer.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel))!;
        return (long)reply[1];
    }

    private static ConfigurationOptions Configuration(string url)
    {
        Assert.True(RedisConfiguration.TryParse(url, out var options, out var error), error);
        options.AllowAdmin = true;
        return options;
    }

    private static DedicatedSubscriberSettings Settings(string url)
    {
        Assert.True(RedisConfiguration.TryGetDedicatedSubscriber(Configuration(url), out var settings));
        return settings with { FirstRetry = TimeSpan.FromMilliseconds(50), LastRetry = TimeSpan.FromMilliseconds(500) };
    }

    [Fact]
    public void Settings_TlsSentinelOrSeveralEndpoints_NoDedicatedSubscriber()
    {
        foreach (var configuration in new[] { "rediss://h:6380", "h1:6379,h2:6379", "h:26379,serviceName=mymaster" })
        {
            Assert.True(RedisConfiguration.TryParse(configuration, out var options, out _));
            Assert.False(RedisConfiguration.TryGetDedicatedSubscriber(options, out _), configuration);
        }

        Assert.True(RedisConfiguration.TryParse("redis://:pw@h", out var plain, out _));
        Assert.True(RedisConfiguration.TryGetDedicatedSubscriber(plain, out var settings));
        Assert.Equal(new DnsEndPoint("h", 6379), settings.EndPoint);
        Assert.Equal("pw", settings.Password);
        Assert.DoesNotContain("pw", settings.Describe(), StringComparison.Ordinal);
    }
}
