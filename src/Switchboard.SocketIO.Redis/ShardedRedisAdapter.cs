using System.Threading.Channels;
using StackExchange.Redis;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Redis.Protocol;
using Switchboard.SocketIO.Redis.Subscriptions;

namespace Switchboard.SocketIO.Redis;

/// <summary>
/// The sharded Redis adapter, wire-compatible with <c>@socket.io/redis-adapter</c> 8's <c>createShardedAdapter</c>
/// (socketio-wire.md §5.2): SSUBSCRIBE to the namespace channel and this server's response channel and, in dynamic
/// mode, to one channel per room with a local member, so a server without members never receives that room's
/// broadcasts. Room channels come and go on one ordered loop as rooms are created and deleted.
/// </summary>
internal sealed partial class ShardedRedisAdapter : RedisAdapterBase
{
    private readonly Channel<(string Room, bool Subscribe)> _roomChanges = Channel.CreateUnbounded<(string, bool)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _roomChannels = new(StringComparer.Ordinal);
    private string[] _subscribed = [];
    private readonly CancellationTokenSource _disposing = new();
    private Task _roomLoop = Task.CompletedTask;

    public ShardedRedisAdapter(Namespace nsp, RedisAdapterConnection connection)
        : base(nsp, connection, RandomIds.Sharded())
    {
    }

    /// <inheritdoc />
    protected override async Task SubscribeAsync(IAdapterSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        if (Options.SubscriptionMode != ShardedSubscriptionMode.Static)
        {
            _roomLoop = RunRoomSubscriptionsAsync(subscriptions);
        }

        _subscribed = [Channels.Broadcast, Channels.ShardedResponse];
        await subscriptions.SubscribeAsync(SubscriptionKind.Sharded, Channels.Broadcast, (channel, payload) => Receive(channel, payload, OnMessage), cancellationToken);
        await subscriptions.SubscribeAsync(SubscriptionKind.Sharded, Channels.ShardedResponse, (channel, payload) => Receive(channel, payload, OnMessage), cancellationToken);
    }

    /// <inheritdoc />
    protected override void OnRoomCreated(string room)
    {
        if (HasRoomChannel(room))
        {
            _roomChanges.Writer.TryWrite((room, true));
        }
    }

    /// <inheritdoc />
    protected override void OnRoomDeleted(string room)
    {
        if (Options.SubscriptionMode != ShardedSubscriptionMode.Static)
        {
            // The loop knows which rooms it subscribed; a private room it never subscribed is ignored there.
            _roomChanges.Writer.TryWrite((room, false));
        }
    }

    /// <inheritdoc />
    public override ValueTask BroadcastAsync(SocketPacket packet, BroadcastOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Flags.Local)
        {
            PublishAndForget(RedisChannel.Sharded(ChannelFor(options)), ShardedMessages.Broadcast(Uid, packet, options, requestId: null), "broadcast");
        }

        return base.BroadcastAsync(packet, options, cancellationToken);
    }

    /// <inheritdoc />
    public override ValueTask BroadcastWithAckAsync(SocketPacket packet, BroadcastOptions options, BroadcastAckCollector collector, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(collector);
        if (!options.Flags.Local)
        {
            var requestId = RandomIds.Sharded();
            TrackAckRequest(requestId, collector);
            PublishAndForget(RedisChannel.Sharded(Channels.Broadcast), ShardedMessages.Broadcast(Uid, packet, options, requestId));
        }

        return base.BroadcastWithAckAsync(packet, options, collector, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>PUBSUB SHARDNUMSUB of the namespace channel.</remarks>
    public override async ValueTask<int> ServerCountAsync(CancellationToken cancellationToken)
    {
        var result = await (await GetMultiplexerAsync(cancellationToken)).GetDatabase().ExecuteAsync("PUBSUB", "SHARDNUMSUB", Channels.Broadcast);
        var pair = (RedisResult[])result!;
        return pair.Length >= 2 ? (int)pair[1] : 0;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(BroadcastOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var local = await base.FetchSocketsAsync(options, cancellationToken);
        if (options.Flags.Local)
        {
            return local;
        }

        var others = await ServerCountAsync(cancellationToken) - 1;
        if (others <= 0)
        {
            return local;
        }

        var requestId = RandomIds.Sharded();
        var pending = await RequestAsync("fetchSockets", requestId, (int)ShardedMessageType.FetchSockets, others, Options.RequestsTimeout,
            () => PublishAsync(RedisChannel.Sharded(Channels.Broadcast), ShardedMessages.FetchSockets(Uid, Namespace.Name, options, requestId)), cancellationToken);
        return [.. local, .. pending.Items<RemoteSocket>()];
    }

    /// <inheritdoc />
    public override async Task AddSocketsAsync(BroadcastOptions options, IReadOnlyList<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await base.AddSocketsAsync(options, rooms, cancellationToken);
        if (!options.Flags.Local)
        {
            await PublishShardedOrCountAsync(ShardedMessages.Rooms(ShardedMessageType.SocketsJoin, Uid, Namespace.Name, options, rooms));
        }
    }

    /// <inheritdoc />
    public override async Task DelSocketsAsync(BroadcastOptions options, IReadOnlyList<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await base.DelSocketsAsync(options, rooms, cancellationToken);
        if (!options.Flags.Local)
        {
            await PublishShardedOrCountAsync(ShardedMessages.Rooms(ShardedMessageType.SocketsLeave, Uid, Namespace.Name, options, rooms));
        }
    }

    /// <inheritdoc />
    public override async Task DisconnectSocketsAsync(BroadcastOptions options, bool close, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await base.DisconnectSocketsAsync(options, close, cancellationToken);
        if (!options.Flags.Local)
        {
            await PublishShardedOrCountAsync(ShardedMessages.Disconnect(Uid, Namespace.Name, options, close));
        }
    }

    /// <inheritdoc />
    public override Task ServerSideEmitAsync(SocketPacket packet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return PublishShardedOrCountAsync(ShardedMessages.ServerSideEmit(Uid, packet, requestId: null));
    }

    /// <inheritdoc />
    public override async Task<IReadOnlyList<SocketArgs>> ServerSideEmitWithAckAsync(SocketPacket packet, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packet);
        var others = await ServerCountAsync(cancellationToken) - 1;
        if (others <= 0)
        {
            return [];
        }

        var requestId = RandomIds.Sharded();
        var pending = await RequestAsync("serverSideEmitWithAck", requestId, (int)ShardedMessageType.ServerSideEmit, others, timeout,
            () => PublishAsync(RedisChannel.Sharded(Channels.Broadcast), ShardedMessages.ServerSideEmit(Uid, packet, requestId)), cancellationToken);
        return pending.Items<SocketArgs>();
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        _roomChanges.Writer.TryComplete();
        // A room subscription waiting for Redis to come back stops waiting (it stays registered until unsubscribed below).
        await _disposing.CancelAsync();
        try
        {
            await _roomLoop;
        }
        catch (OperationCanceledException)
        {
            // The loop stopped in that wait; it unsubscribes nothing then, so do it here.
            foreach (var channel in _roomChannels)
            {
                await Subscriptions.UnsubscribeAsync(SubscriptionKind.Sharded, channel);
            }

            _roomChannels.Clear();
        }

        _disposing.Dispose();
        foreach (var channel in Interlocked.Exchange(ref _subscribed, []))
        {
            await Subscriptions.UnsubscribeAsync(SubscriptionKind.Sharded, channel);
        }

        await base.DisposeAsync();
    }

    // A BROADCAST without ack to exactly one room goes on that room's channel, except, in dynamic mode, a room that
    // looks like a socket id (20 characters, as Node decides): private rooms have no channel there.
    private string ChannelFor(BroadcastOptions options) =>
        options.Rooms.Count == 1 && Options.SubscriptionMode switch
        {
            ShardedSubscriptionMode.Dynamic => options.Rooms[0].Length != 20,
            ShardedSubscriptionMode.DynamicPrivate => true,
            _ => false,
        }
            ? Channels.Room(options.Rooms[0])
            : Channels.Broadcast;

    private bool HasRoomChannel(string room) => Options.SubscriptionMode switch
    {
        ShardedSubscriptionMode.Dynamic => !Namespace.Sockets.ContainsKey(room),
        ShardedSubscriptionMode.DynamicPrivate => true,
        _ => false,
    };

    private Task PublishShardedOrCountAsync(ReadOnlyMemory<byte> message) => PublishOrCountAsync(RedisChannel.Sharded(Channels.Broadcast), message);

    private async Task RunRoomSubscriptionsAsync(IAdapterSubscriptions subscriptions)
    {
        await foreach (var (room, subscribe) in _roomChanges.Reader.ReadAllAsync(CancellationToken.None))
        {
            var channel = Channels.Room(room);
            if (subscribe)
            {
                if (_roomChannels.Add(channel))
                {
                    await subscriptions.SubscribeAsync(SubscriptionKind.Sharded, channel, (name, payload) => Receive(name, payload, OnMessage), _disposing.Token);
                }
            }
            else if (_roomChannels.Remove(channel))
            {
                await subscriptions.UnsubscribeAsync(SubscriptionKind.Sharded, channel);
            }
        }

        foreach (var channel in _roomChannels)
        {
            await subscriptions.UnsubscribeAsync(SubscriptionKind.Sharded, channel);
        }

        _roomChannels.Clear();
    }
}
