using StackExchange.Redis;

namespace Switchboard.SocketIO.Redis;

/// <summary>Options of the Redis adapter. Defaults are <c>@socket.io/redis-adapter</c> 8's.</summary>
public sealed class RedisAdapterOptions
{
    /// <summary>
    /// Where Redis is: a URL (<c>redis://[:password@]host[:port][/db]</c>, <c>rediss://</c> for TLS) or a
    /// StackExchange.Redis configuration string (<c>host:port,password=...</c>). Required unless
    /// <see cref="ConnectionFactory"/> is set.
    /// </summary>
    public string? Configuration { get; set; }

    /// <summary>
    /// Supplies the connection instead of <see cref="Configuration"/> (for sharing one multiplexer, and a test seam).
    /// The adapter then neither configures nor disposes it; give it <see cref="BacklogPolicy.FailFast"/> so broadcasts
    /// during an outage fail at once instead of queueing.
    /// </summary>
    public Func<CancellationToken, Task<IConnectionMultiplexer>>? ConnectionFactory { get; set; }

    /// <summary>
    /// Subscribe on a connection of the adapter's own (off by default) when <see cref="Configuration"/> names one Redis
    /// server over plain TCP: its read loop delivers each message to the local sockets without a thread hop. Otherwise
    /// (off, a sentinel, several endpoints, TLS, or only a <see cref="ConnectionFactory"/>) the subscriptions go through
    /// StackExchange.Redis's subscription connection. Either way the server has one subscription connection for the
    /// adapter's channels, as Node's peer counting needs. Measured (bench/README.md): a clear gain when the host runs
    /// socket completions inline (the read then completes where it is handled); none with ASP.NET Core's default
    /// scheduling, where its read already continues on a pool thread and big rooms cost more written from one thread.
    /// </summary>
    public bool DedicatedSubscriber { get; set; }

    /// <summary>
    /// Publish on a connection of the adapter's own (on by default) when <see cref="Configuration"/> names one Redis
    /// server over plain TCP: a PUBLISH is written by the caller's thread with no reply to read (<c>CLIENT REPLY OFF</c>),
    /// the publishes of one receive batch gathered into one write at its end, instead of StackExchange.Redis's copy loop
    /// on the thread pool and its reply read on another. Every publish of the server then goes there, in order; while it
    /// reconnects a publish is refused at once (counted as dropped). Otherwise (off, or a configuration the dedicated
    /// subscriber cannot use either) publishing goes through StackExchange.Redis.
    /// </summary>
    public bool DedicatedPublisher { get; set; } = true;

    /// <summary>The wire form: classic (default) or sharded.</summary>
    public RedisAdapterMode Mode { get; set; } = RedisAdapterMode.Classic;

    /// <summary>
    /// The channel prefix (<c>key</c> of the classic adapter, <c>channelPrefix</c> of the sharded one), <c>socket.io</c> by
    /// default: deployments with different prefixes share a Redis without seeing each other.
    /// </summary>
    public string ChannelPrefix { get; set; } = "socket.io";

    /// <summary>How long a request to the other servers (fetch sockets, all rooms) waits for their answers (<c>requestsTimeout</c>, 5 s).</summary>
    public TimeSpan RequestsTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Classic form: answer on the requester's own response channel (<c>publishOnSpecificResponseChannel</c>, off).</summary>
    public bool PublishOnSpecificResponseChannel { get; set; }

    /// <summary>Sharded form: which room channels to subscribe to (<c>subscriptionMode</c>, dynamic).</summary>
    public ShardedSubscriptionMode SubscriptionMode { get; set; } = ShardedSubscriptionMode.Dynamic;
}
