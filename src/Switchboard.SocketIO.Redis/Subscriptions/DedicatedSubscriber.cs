using System.Buffers;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Switchboard.SocketIO.Redis.Protocol;

namespace Switchboard.SocketIO.Redis.Subscriptions;

/// <summary>
/// The adapter's subscription connection of its own (RESP2 over TCP): one read loop parses what Redis pushes and runs
/// each message's handler right there, inside the Socket.IO layer's delivery batch, so a broadcast from another server
/// reaches the local sockets' writes without a thread hop (StackExchange.Redis's reader, its ordered message queue and
/// each recipient's send loop were three). Commands (PUBLISH, PUBSUB NUMSUB) stay on StackExchange.Redis.
/// </summary>
/// <remarks>
/// Connection loss: the loop reconnects with exponential back-off (reset after each success) and subscribes every
/// registered channel again; a subscription made while Redis is away completes once Redis confirmed it.
/// </remarks>
internal sealed partial class DedicatedSubscriber : IAdapterSubscriptions, IAsyncDisposable
{
    private readonly DedicatedSubscriberSettings _settings;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    // Written under _lock (so a reconnect's snapshot and a new subscription never miss each other); read by the loop without it.
    private readonly ConcurrentDictionary<(SubscriptionKind Kind, string Channel), Registration> _registrations = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private Stream? _stream;
    private Task? _loop;
    private bool _disposed;

    public DedicatedSubscriber(DedicatedSubscriberSettings settings, ILogger logger, TimeProvider timeProvider)
    {
        _settings = settings;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    /// <summary>Whether the connection is up and its subscriptions were sent.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_lock)
            {
                return _stream is not null;
            }
        }
    }

    /// <inheritdoc />
    public Task SubscribeAsync(SubscriptionKind kind, string channel, Action<string, ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(handler);
        var registration = new Registration(handler);
        Stream? stream;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _registrations[(kind, channel)] = registration;
            stream = _stream;
            _loop ??= Task.Run(() => RunAsync(_stopping.Token), CancellationToken.None);
        }

        if (stream is not null)
        {
            _ = SendAsync(stream, RespCommand.ToArray(Verb(kind, subscribe: true), channel));
        }

        return registration.Confirmed.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public Task UnsubscribeAsync(SubscriptionKind kind, string channel)
    {
        Stream? stream;
        lock (_lock)
        {
            if (!_registrations.TryRemove((kind, channel), out var registration))
            {
                return Task.CompletedTask;
            }

            // Nobody needs to wait any longer for a subscription that ended.
            registration.Confirmed.TrySetResult();
            stream = _stream;
        }

        return stream is null ? Task.CompletedTask : SendAsync(stream, RespCommand.ToArray(Verb(kind, subscribe: false), channel));
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
            _stopping.Cancel();
        }

        if (loop is not null)
        {
            await loop;
        }

        foreach (var registration in _registrations.Values)
        {
            registration.Confirmed.TrySetCanceled();
        }

        _registrations.Clear();
        _stopping.Dispose();
    }

    // Commands go out whole, one at a time (the read loop never writes after the handshake). A failed write needs no
    // handling: the read loop sees the connection end and subscribes everything again on the next one.
    private async Task SendAsync(Stream stream, ReadOnlyMemory<byte> command)
    {
        await _writeLock.WaitAsync();
        try
        {
            await stream.WriteAsync(command);
            await stream.FlushAsync();
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
            // See above.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static string Verb(SubscriptionKind kind, bool subscribe) => (kind, subscribe) switch
    {
        (SubscriptionKind.Pattern, true) => "PSUBSCRIBE",
        (SubscriptionKind.Pattern, false) => "PUNSUBSCRIBE",
        (SubscriptionKind.Sharded, true) => "SSUBSCRIBE",
        (SubscriptionKind.Sharded, false) => "SUNSUBSCRIBE",
        (_, true) => "SUBSCRIBE",
        _ => "UNSUBSCRIBE",
    };

    // Every registered channel's SUBSCRIBE, one command each (SSUBSCRIBE of several channels must name one slot).
    private byte[] SubscribeAllCommands(out int count)
    {
        var buffer = new ArrayBufferWriter<byte>();
        count = 0;
        foreach (var (kind, channel) in _registrations.Keys)
        {
            RespCommand.Write(buffer, Verb(kind, subscribe: true), channel);
            count++;
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed class Registration(Action<string, ReadOnlyMemory<byte>> handler)
    {
        public Action<string, ReadOnlyMemory<byte>> Handler { get; } = handler;

        public TaskCompletionSource Confirmed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
