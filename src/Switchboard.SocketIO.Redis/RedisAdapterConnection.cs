using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.SocketIO.Redis.Subscriptions;

namespace Switchboard.SocketIO.Redis;

/// <summary>
/// The Redis connection every namespace's adapter shares: one StackExchange.Redis multiplexer for commands, one
/// publishing connection (the adapter's own, <see cref="RedisAdapterOptions.DedicatedPublisher"/>, or the multiplexer's
/// interactive one), and one subscription connection (Node's peers count servers by subscribed connections): the
/// adapter's own (<see cref="RedisAdapterOptions.DedicatedSubscriber"/>) or the multiplexer's. All reconnect with
/// back-off (reset after each success); the subscriptions are restored.
/// Also the adapter's health counters. A singleton, registered by <c>AddRedisAdapter</c>.
/// </summary>
public sealed partial class RedisAdapterConnection : IAsyncDisposable
{
    private readonly RedisAdapterOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private IConnectionMultiplexer? _multiplexer;
    private IAdapterSubscriptions? _subscriptions;
    private DedicatedPublisher? _publisher;
    private bool _owned;
    private long _droppedBroadcasts;
    private long _droppedMessages;

    /// <summary>Creates the connection (normally done by dependency injection); it connects on first use.</summary>
    public RedisAdapterConnection(IOptions<RedisAdapterOptions> options, ILogger<RedisAdapterConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>The options, read once.</summary>
    public RedisAdapterOptions Options => _options;

    /// <summary>Broadcasts (and other one-way publishes) that could not be published, typically while Redis was unreachable.</summary>
    public long DroppedBroadcasts => Interlocked.Read(ref _droppedBroadcasts);

    /// <summary>Messages received on the adapter's channels that were malformed or foreign and were skipped.</summary>
    public long DroppedMessages => Interlocked.Read(ref _droppedMessages);

    /// <summary>
    /// <see langword="true"/> while the multiplexer has a connected server and, with
    /// <see cref="RedisAdapterOptions.DedicatedPublisher"/>, the publishing connection is up.
    /// </summary>
    public bool IsConnected => (_multiplexer?.IsConnected ?? false) && (Volatile.Read(ref _publisher)?.IsConnected ?? true);

    /// <summary>The multiplexer, connecting on first call. A server that is down does not fail this: it keeps retrying.</summary>
    public async Task<IConnectionMultiplexer> GetMultiplexerAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _multiplexer) is { } existing)
        {
            return existing;
        }

        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_multiplexer is { } raced)
            {
                return raced;
            }

            IConnectionMultiplexer multiplexer;
            if (_options.ConnectionFactory is { } factory)
            {
                multiplexer = await factory(cancellationToken);
            }
            else
            {
                if (!RedisConfiguration.TryParse(_options.Configuration ?? string.Empty, out var configuration, out var error))
                {
                    throw new InvalidOperationException($"RedisAdapterOptions.Configuration is not valid: {error}");
                }

                multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
                _owned = true;
            }

            multiplexer.ConnectionFailed += OnConnectionFailed;
            multiplexer.ConnectionRestored += OnConnectionRestored;
            Volatile.Write(ref _multiplexer, multiplexer);
            return multiplexer;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>
    /// The server's one set of subscriptions: a dedicated connection of its own when the configuration allows
    /// (<see cref="RedisAdapterOptions.DedicatedSubscriber"/>), else the multiplexer's subscription connection.
    /// </summary>
    internal async Task<IAdapterSubscriptions> GetSubscriptionsAsync(TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _subscriptions) is { } existing)
        {
            return existing;
        }

        var multiplexer = await GetMultiplexerAsync(cancellationToken);
        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            if (_subscriptions is { } raced)
            {
                // Another namespace's adapter got there first.
                return raced;
            }

            DedicatedSubscriberSettings? settings = null;
            var dedicated = !string.IsNullOrWhiteSpace(_options.Configuration)
                && RedisConfiguration.TryParse(_options.Configuration, out var configuration, out _)
                && RedisConfiguration.TryGetDedicatedSubscriber(configuration, out settings);
            if (dedicated && _options.DedicatedPublisher)
            {
                Volatile.Write(ref _publisher, new DedicatedPublisher(settings!, _logger, timeProvider, CountDroppedPublishes));
            }

            IAdapterSubscriptions created = dedicated && _options.DedicatedSubscriber
                ? new DedicatedSubscriber(settings!, _logger, timeProvider)
                : new MultiplexerSubscriptions(multiplexer.GetSubscriber(), _logger, timeProvider);
            Volatile.Write(ref _subscriptions, created);
            return created;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    /// <summary>The publishing connection of the adapter's own, when in use (set with the subscriptions).</summary>
    internal DedicatedPublisher? Publisher => Volatile.Read(ref _publisher);

    /// <summary>Whether the dedicated subscription connection is in use and up (null when subscriptions go through the multiplexer).</summary>
    internal bool? DedicatedSubscriberConnected => (Volatile.Read(ref _subscriptions) as DedicatedSubscriber)?.IsConnected;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _subscriptions, null) is DedicatedSubscriber subscriber)
        {
            await subscriber.DisposeAsync();
        }

        if (Interlocked.Exchange(ref _publisher, null) is { } publisher)
        {
            await publisher.DisposeAsync();
        }

        var multiplexer = Interlocked.Exchange(ref _multiplexer, null);
        if (multiplexer is not null)
        {
            multiplexer.ConnectionFailed -= OnConnectionFailed;
            multiplexer.ConnectionRestored -= OnConnectionRestored;
            if (_owned)
            {
                await multiplexer.CloseAsync();
                multiplexer.Dispose();
            }
        }

        _connectLock.Dispose();
    }

    internal ILogger Logger => _logger;

    // Publishes the dedicated publisher accepted and then lost with a failed write.
    private void CountDroppedPublishes(int count, Exception exception)
    {
        var total = Interlocked.Add(ref _droppedBroadcasts, count);
        LogPublishDropped("(gathered writes)", total, exception.Message);
    }

    internal void CountDroppedBroadcast(string channel, Exception exception)
    {
        var total = Interlocked.Increment(ref _droppedBroadcasts);
        LogPublishDropped(channel, total, exception.Message);
    }

    internal void CountDroppedMessage(string channel, string reason)
    {
        var total = Interlocked.Increment(ref _droppedMessages);
        LogMessageSkipped(channel, reason, total);
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        LogConnectionFailed(e.ConnectionType.ToString(), e.EndPoint?.ToString() ?? "?", e.FailureType.ToString(), e.Exception?.Message);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) =>
        LogConnectionRestored(e.ConnectionType.ToString(), e.EndPoint?.ToString() ?? "?");

    [LoggerMessage(1, LogLevel.Warning, "Redis {ConnectionType} connection to {EndPoint} failed ({FailureType}): {Message}; reconnecting.", EventName = "ConnectionFailed")]
    private partial void LogConnectionFailed(string connectionType, string endPoint, string failureType, string? message);

    [LoggerMessage(2, LogLevel.Information, "Redis {ConnectionType} connection to {EndPoint} restored.", EventName = "ConnectionRestored")]
    private partial void LogConnectionRestored(string connectionType, string endPoint);

    [LoggerMessage(3, LogLevel.Warning, "Dropped a publish on {Channel} (dropped so far: {Total}): {Message}", EventName = "PublishDropped")]
    private partial void LogPublishDropped(string channel, long total, string message);

    [LoggerMessage(4, LogLevel.Warning, "Skipped a message on {Channel}: {Reason} (skipped so far: {Total}).", EventName = "MessageSkipped")]
    private partial void LogMessageSkipped(string channel, string reason, long total);
}
