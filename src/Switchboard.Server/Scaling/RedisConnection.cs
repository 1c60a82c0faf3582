using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Scaling;

/// <summary>
/// The server's one StackExchange.Redis multiplexer in Redis mode, shared by the Socket.IO adapter (through its
/// <c>ConnectionFactory</c>, so there is still one subscription connection per instance) and the server's own keys.
/// It connects on first use and keeps retrying while Redis is down; commands fail fast meanwhile.
/// </summary>
internal sealed partial class RedisConnection(IOptions<SwitchboardOptions> options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    public RedisKeys Keys { get; } = new(options.Value.RedisKeyPrefix);

    /// <summary>This instance's id: the owner of its leases and the origin of what it announces.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString();

    /// <summary>Raised when the interactive connection comes back after a failure (a Redis restart: its keys may be gone).</summary>
    public event Action? Restored;

    /// <summary>Whether a Redis server is connected now.</summary>
    public bool IsConnected => Volatile.Read(ref _multiplexer)?.IsConnected ?? false;

    public async Task<IConnectionMultiplexer> GetMultiplexerAsync(CancellationToken cancellationToken = default)
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

            if (!RedisEndpoint.TryCreate(options.Value, out var configuration, out var error))
            {
                throw new InvalidOperationException($"WEBSOCKET_REDIS_URL is not valid: {error}");
            }

            var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
            multiplexer.ConnectionFailed += (_, e) => Log.ConnectionFailed(logger, e.ConnectionType.ToString(), e.FailureType.ToString(), e.Exception?.Message);
            multiplexer.ConnectionRestored += (_, e) =>
            {
                Log.ConnectionRestored(logger, e.ConnectionType.ToString());
                if (e.ConnectionType == ConnectionType.Interactive)
                {
                    Restored?.Invoke();
                }
            };
            Log.Connecting(logger, configuration.ToString(includePassword: false), multiplexer.IsConnected);
            Volatile.Write(ref _multiplexer, multiplexer);
            return multiplexer;
        }
        finally
        {
            _connectLock.Release();
        }
    }

    public async Task<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken = default) =>
        (await GetMultiplexerAsync(cancellationToken)).GetDatabase();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _multiplexer, null) is { } multiplexer)
        {
            await multiplexer.CloseAsync();
            await multiplexer.DisposeAsync();
        }

        _connectLock.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Redis mode: {Configuration} (connected: {Connected}).", EventName = "Connecting")]
        public static partial void Connecting(ILogger logger, string configuration, bool connected);

        [LoggerMessage(2, LogLevel.Warning, "Redis {ConnectionType} connection failed ({FailureType}): {Message}; reconnecting.", EventName = "ConnectionFailed")]
        public static partial void ConnectionFailed(ILogger logger, string connectionType, string failureType, string? message);

        [LoggerMessage(3, LogLevel.Information, "Redis {ConnectionType} connection restored.", EventName = "ConnectionRestored")]
        public static partial void ConnectionRestored(ILogger logger, string connectionType);
    }
}
