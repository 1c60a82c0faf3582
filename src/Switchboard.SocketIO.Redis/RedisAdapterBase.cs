using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Redis.Protocol;
using Switchboard.SocketIO.Redis.Subscriptions;

namespace Switchboard.SocketIO.Redis;

/// <summary>
/// What the classic and the sharded adapter share: the connection, publishing (fire-and-forget broadcasts counted as
/// dropped when Redis is away), requests waiting for other servers, and the local side of every remote operation.
/// Local work goes through <see cref="InMemoryAdapter"/>.
/// </summary>
internal abstract partial class RedisAdapterBase : InMemoryAdapter
{
    private readonly ConcurrentDictionary<string, PendingRequest> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BroadcastAckCollector> _ackRequests = new(StringComparer.Ordinal);
    private readonly byte[] _uidUtf8;
    private readonly byte[] _namespaceUtf8;
    private IConnectionMultiplexer? _multiplexer;
    private ISubscriber? _subscriber;
    private IAdapterSubscriptions? _subscriptions;

    protected RedisAdapterBase(Namespace nsp, RedisAdapterConnection connection, string uid)
        : base(nsp)
    {
        Connection = connection;
        Options = connection.Options;
        Logger = connection.Logger;
        Uid = uid;
        Channels = new RedisChannels(Options.ChannelPrefix, nsp.Name, uid);
        _uidUtf8 = Encoding.UTF8.GetBytes(uid);
        _namespaceUtf8 = Encoding.UTF8.GetBytes(nsp.Name);
    }

    /// <summary>This server's id for this namespace, carried in every message it sends.</summary>
    public string Uid { get; }

    protected RedisAdapterConnection Connection { get; }

    protected RedisAdapterOptions Options { get; }

    protected ILogger Logger { get; }

    protected RedisChannels Channels { get; }

    /// <summary>The connection once <see cref="InitAsync"/> got it (publishing before that counts as dropped).</summary>
    protected IConnectionMultiplexer Multiplexer => _multiplexer ?? throw new InvalidOperationException("The Redis adapter is not connected yet.");

    /// <summary>The connection, waiting for it while the adapter is still starting.</summary>
    protected async ValueTask<IConnectionMultiplexer> GetMultiplexerAsync(CancellationToken cancellationToken) =>
        _multiplexer ?? await Connection.GetMultiplexerAsync(cancellationToken);

    protected JsonSerializerOptions SerializerOptions => Namespace.Server.Options.SerializerOptions;

    protected TimeProvider TimeProvider => Namespace.Server.TimeProvider;

    /// <inheritdoc />
    public override async Task InitAsync(CancellationToken cancellationToken)
    {
        _multiplexer = await Connection.GetMultiplexerAsync(cancellationToken);
        _subscriber = _multiplexer.GetSubscriber();
        _subscriptions = await Connection.GetSubscriptionsAsync(TimeProvider, cancellationToken);
        await SubscribeAsync(_subscriptions, cancellationToken);
        if (Connection.Publisher is { } publisher)
        {
            await publisher.WaitConnectedAsync(cancellationToken);
        }

        Logger.Subscribed(Namespace.Name, Options.Mode.ToString(), Uid);
    }

    /// <summary>The server's subscriptions once <see cref="InitAsync"/> got them.</summary>
    protected IAdapterSubscriptions Subscriptions => _subscriptions ?? throw new InvalidOperationException("The Redis adapter is not initialized yet.");

    /// <summary>Subscribes this namespace's channels, each once (completes once Redis confirmed them, waiting while it is away).</summary>
    protected abstract Task SubscribeAsync(IAdapterSubscriptions subscriptions, CancellationToken cancellationToken);

    /// <summary>
    /// Publishes without waiting: a failure (Redis away) is counted and logged as dropped, never thrown at the caller.
    /// <paramref name="messageType"/> is the telemetry type when the caller knows it (otherwise read from the channel).
    /// </summary>
    /// <remarks>
    /// Success costs nothing more: the failure check is a continuation that runs only on a fault (an awaiting method
    /// would be resumed on the thread pool for every publish Redis acknowledges).
    /// </remarks>
    protected void PublishAndForget(RedisChannel channel, ReadOnlyMemory<byte> message, string? messageType = null)
    {
        if (Connection.Publisher is { } publisher)
        {
            var name = channel.ToString();
            if (publisher.TryPublish(channel.IsSharded, name, message.Span, gather: true, out var error))
            {
                AdapterTelemetry.RecordPublish(Namespace, messageType ?? MessageType(name));
            }
            else
            {
                CountDroppedPublish(channel, error!);
            }

            return;
        }

        Task task;
        try
        {
            task = (_subscriber ?? Multiplexer.GetSubscriber()).PublishAsync(channel, message);
        }
        catch (Exception ex) when (ex is RedisException or InvalidOperationException)
        {
            CountDroppedPublish(channel, ex);
            return;
        }

        AdapterTelemetry.RecordPublish(Namespace, messageType ?? MessageType(channel.ToString()));
        if (task.IsCompleted)
        {
            if (!task.IsCompletedSuccessfully)
            {
                OnPublishFaulted(task, channel);
            }

            return;
        }

        task.ContinueWith(
            static (faulted, state) =>
            {
                var (adapter, channel) = ((RedisAdapterBase, RedisChannel))state!;
                adapter.OnPublishFaulted(faulted, channel);
            },
            (this, channel),
            CancellationToken.None,
            TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Publishes a one-way request and waits for Redis to take it; a failure is counted as dropped and thrown.</summary>
    protected async Task PublishOrCountAsync(RedisChannel channel, ReadOnlyMemory<byte> message)
    {
        try
        {
            await PublishAsync(channel, message);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            CountDroppedPublish(channel, ex);
            throw;
        }
    }

    /// <summary>Publishes and waits for Redis to take the message (requests, whose caller waits anyway).</summary>
    protected async Task PublishAsync(RedisChannel channel, ReadOnlyMemory<byte> message)
    {
        if (Connection.Publisher is { } publisher)
        {
            // Written in order with the broadcasts (one connection); a connection that is down throws at once.
            if (!publisher.TryPublish(channel.IsSharded, channel.ToString(), message.Span, gather: false, out var error))
            {
                throw error!;
            }
        }
        else
        {
            await (await GetMultiplexerAsync(CancellationToken.None)).GetSubscriber().PublishAsync(channel, message);
        }

        AdapterTelemetry.RecordPublish(Namespace, MessageType(channel.ToString()));
    }

    /// <summary>Runs <paramref name="handle"/> on one message, logging and skipping what is malformed or foreign.</summary>
    protected void Receive(string channel, ReadOnlyMemory<byte> payload, Action<string, ReadOnlyMemory<byte>> handle)
    {
        AdapterTelemetry.RecordReceive(Namespace, MessageType(channel));
        try
        {
            handle(channel, payload);
        }
        catch (Exception ex) when (ex is InvalidDataException or JsonException or InvalidOperationException or FormatException or KeyNotFoundException or ArgumentException)
        {
            Connection.CountDroppedMessage(channel, ex.Message);
            AdapterTelemetry.RecordDrop(Namespace, "malformed");
        }
    }

    /// <summary>Reads <c>packet.data</c> (<c>["event", args...]</c>) of a message into an outgoing EVENT with ack id <paramref name="ackId"/>.</summary>
    protected SocketPacket ReadEventPacket(JsonElement packet, DecodedMessage message, long ackId)
    {
        if (packet.ValueKind != JsonValueKind.Object || !packet.TryGetProperty("data"u8, out var data)
            || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0 || data[0].ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException("packet.data is not [\"event\", ...args].");
        }

        if (packet.TryGetProperty("type"u8, out var type) && !(type.ValueKind == JsonValueKind.Number && type.TryGetInt32(out var t) && t is 2 or 5))
        {
            throw new InvalidDataException("packet.type is not EVENT.");
        }

        var json = JsonMarshal(data);
        return SocketPacket.Create(SocketPacketType.Event, Namespace.Name, ackId, json, message.Attachments);
    }

    /// <summary>
    /// The broadcast fast path: a plain broadcast of this namespace from another server is delivered straight from its
    /// bytes, decoding <c>packet.data</c> and <c>opts</c> once (<see cref="BroadcastReader"/>); this server's own and
    /// other namespaces' broadcasts are dropped after reading who sent them. False when the message is anything else:
    /// the caller then decodes it in full.
    /// </summary>
    protected bool TryReceiveBroadcast(ReadOnlyMemory<byte> payload, bool sharded)
    {
        var verdict = sharded
            ? BroadcastReader.ReadSharded(payload, _uidUtf8, _namespaceUtf8, out var parts)
            : BroadcastReader.ReadClassic(payload, _uidUtf8, _namespaceUtf8, out parts);
        switch (verdict)
        {
            case BroadcastVerdict.Ignore:
                return true;
            case BroadcastVerdict.Deliver:
                DeliverLocally(BroadcastPayload.ReadPacket(payload, parts, Namespace.Name), BroadcastPayload.ReadOptions(payload, parts));
                return true;
            default:
                return false;
        }
    }

    /// <summary>Delivers a broadcast from another server to the local sockets.</summary>
    /// <remarks>Fire-and-forget: the subscription never waits for a slow local client (see <see cref="InMemoryAdapter.BroadcastLocally"/>).</remarks>
    protected void DeliverLocally(SocketPacket packet, BroadcastOptions options) => BroadcastLocally(packet, options);

    /// <summary>
    /// Runs another server's broadcast with ack locally: the client count and each client's ack go back through
    /// <paramref name="onClientCount"/> and <paramref name="onAck"/>. The local registrations end when every client
    /// answered or the broadcast's timeout passed.
    /// </summary>
    protected void BroadcastWithAckForRemote(JsonElement packet, DecodedMessage message, BroadcastOptions options, Action<int> onClientCount, Action<SocketArgs> onAck)
    {
        var expected = -1;
        var received = 0;
        BroadcastAckCollector? collector = null;
        collector = BroadcastAckCollector.CreateForwarding(
            Namespace,
            count =>
            {
                Volatile.Write(ref expected, count);
                onClientCount(count);
                if (count == 0)
                {
                    collector?.Release();
                }
            },
            args =>
            {
                onAck(args);
                if (Interlocked.Increment(ref received) >= Volatile.Read(ref expected) && Volatile.Read(ref expected) >= 0)
                {
                    collector?.Release();
                }
            });
        var local = ReadEventPacket(packet, message, collector.AckId);
        if (options.Flags.Timeout is { } timeout)
        {
            var timer = TimeProvider.CreateTimer(static state => ((BroadcastAckCollector)state!).Release(), collector, timeout, Timeout.InfiniteTimeSpan);
            collector.Released.Register(static state => ((ITimer)state!).Dispose(), timer);
        }

        Observe(base.BroadcastWithAckAsync(local, options with { Flags = options.Flags with { Local = true } }, collector, CancellationToken.None));
    }

    /// <summary>Remembers a broadcast with ack this server published, until its collector is released.</summary>
    protected void TrackAckRequest(string requestId, BroadcastAckCollector collector)
    {
        _ackRequests[requestId] = collector;
        collector.Released.Register(static state =>
        {
            var (requests, id) = ((ConcurrentDictionary<string, BroadcastAckCollector>, string))state!;
            requests.TryRemove(id, out _);
        }, (_ackRequests, requestId));
    }

    /// <summary>Broadcasts with ack of this server still waiting for other servers (for tests: registrations are cleaned up).</summary>
    internal int PendingAckRequests => _ackRequests.Count;

    /// <summary>Requests of this server still waiting for other servers' answers.</summary>
    internal int PendingRequests => _requests.Count;

    protected bool IsOwnAckRequest(string requestId) => _ackRequests.ContainsKey(requestId);

    protected bool IsOwnRequest(string requestId) => _requests.ContainsKey(requestId);

    protected BroadcastAckCollector? FindAckRequest(string requestId) => _ackRequests.TryGetValue(requestId, out var collector) ? collector : null;

    protected PendingRequest? FindRequest(string requestId) => _requests.TryGetValue(requestId, out var request) ? request : null;

    /// <summary>
    /// Registers a request, publishes it and waits until <paramref name="expected"/> servers answered.
    /// Throws <see cref="TimeoutException"/> naming the operation and how many answered when <paramref name="timeout"/> passes.
    /// </summary>
    protected async Task<PendingRequest> RequestAsync(string operation, string requestId, int type, int expected, TimeSpan timeout, Func<Task> publish, CancellationToken cancellationToken)
    {
        var pending = new PendingRequest(type, expected);
        _requests[requestId] = pending;
        try
        {
            await publish();
            await pending.Completion.WaitAsync(timeout, TimeProvider, cancellationToken);
            return pending;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException(
                $"Redis adapter ({Namespace.Name}): {operation} timed out after {timeout.TotalMilliseconds:0} ms with {pending.Responses} of {expected} other servers answering.");
        }
        finally
        {
            _requests.TryRemove(requestId, out _);
        }
    }

    /// <summary>Writes the local sockets matching <paramref name="options"/> as a JSON array (fetch-sockets answer).</summary>
    protected void WriteLocalSockets(Utf8JsonWriter writer, BroadcastOptions options)
    {
        writer.WriteStartArray();
        foreach (var socket in LocalSockets(options))
        {
            RemoteSocketWire.Write(writer, socket, GetRooms(socket), SerializerOptions);
        }

        writer.WriteEndArray();
    }

    /// <summary>The sockets of a fetch-sockets answer.</summary>
    protected IEnumerable<object> ReadRemoteSockets(JsonElement sockets)
    {
        if (sockets.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var item in sockets.EnumerateArray())
        {
            if (RemoteSocketWire.Read(Namespace, item) is { } socket)
            {
                yield return socket;
            }
        }
    }

    /// <summary>Runs this server's handlers for <c>[event, args...]</c> from another server.</summary>
    protected void DispatchServerSideEmit(JsonElement data, DecodedMessage message, Action<object?>? ack)
    {
        if (data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0 || data[0].ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException("server-side emit data is not [\"event\", ...args].");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            var first = true;
            foreach (var item in data.EnumerateArray())
            {
                if (!first)
                {
                    item.WriteTo(writer);
                }

                first = false;
            }

            writer.WriteEndArray();
        }

        var args = SocketArgs.Parse(buffer.WrittenSpan, message.Attachments, SerializerOptions);
        _ = RunServerSideAsync(data[0].GetString()!, args);

        async Task RunServerSideAsync(string eventName, SocketArgs eventArgs)
        {
            try
            {
                await Namespace.ReceiveServerSideEmitAsync(eventName, eventArgs, ack);
            }
#pragma warning disable CA1031 // Handlers are logged by the namespace; this only keeps the receive loop alive.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Logger.ServerSideEmitFailed(Namespace.Name, ex);
            }
        }
    }

    /// <summary>One value as a SocketArgs of one argument (a remote ack), placeholders referring to the message's attachments.</summary>
    protected SocketArgs ReadSingleArgument(JsonElement value, DecodedMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            if (value.ValueKind != JsonValueKind.Undefined)
            {
                value.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        return SocketArgs.Parse(buffer.WrittenSpan, message.Attachments, SerializerOptions);
    }

    private static byte[] JsonMarshal(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    // The socketio.adapter.message.type of a channel: three values, whatever the rooms and servers.
    private string MessageType(string channel) =>
        channel.StartsWith(Channels.Request, StringComparison.Ordinal) ? "request"
        : channel.StartsWith(Channels.Response, StringComparison.Ordinal) || channel.StartsWith(Channels.ShardedResponse, StringComparison.Ordinal) ? "response"
        : "broadcast";

    private void OnPublishFaulted(Task task, RedisChannel channel)
    {
        var ex = task.Exception?.InnerException ?? new TaskCanceledException(task);
        if (ex is RedisException or TimeoutException or InvalidOperationException or ObjectDisposedException or TaskCanceledException)
        {
            CountDroppedPublish(channel, ex);
        }
    }

    private void CountDroppedPublish(RedisChannel channel, Exception exception)
    {
        AdapterTelemetry.RecordDrop(Namespace, "publish_failed");
        Connection.CountDroppedBroadcast(channel.ToString(), exception);
    }

    private static void Observe(ValueTask task)
    {
        if (!task.IsCompletedSuccessfully)
        {
            _ = task.AsTask();
        }
    }
}
