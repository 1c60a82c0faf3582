using StackExchange.Redis;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Redis.Protocol;
using Switchboard.SocketIO.Redis.Subscriptions;

namespace Switchboard.SocketIO.Redis;

/// <summary>
/// The classic Redis adapter, wire-compatible with <c>@socket.io/redis-adapter</c> 8's <c>createAdapter</c> and with
/// <c>@socket.io/redis-emitter</c> 5 (socketio-wire.md §5.1, §5.3): PSUBSCRIBE <c>prefix#nsp#*</c> for broadcasts,
/// SUBSCRIBE to the request and response channels, once each on the one subscription connection.
/// </summary>
internal sealed partial class RedisAdapter : RedisAdapterBase
{
    private (SubscriptionKind Kind, string Channel)[] _subscribed = [];

    public RedisAdapter(Namespace nsp, RedisAdapterConnection connection)
        : base(nsp, connection, RandomIds.Classic())
    {
    }

    /// <inheritdoc />
    protected override async Task SubscribeAsync(IAdapterSubscriptions subscriptions, CancellationToken cancellationToken)
    {
        _subscribed =
        [
            (SubscriptionKind.Pattern, Channels.BroadcastPattern),
            (SubscriptionKind.Literal, Channels.Request),
            (SubscriptionKind.Literal, Channels.Response),
            (SubscriptionKind.Literal, Channels.SpecificResponse),
        ];
        await subscriptions.SubscribeAsync(SubscriptionKind.Pattern, Channels.BroadcastPattern, (channel, payload) => Receive(channel, payload, OnBroadcast), cancellationToken);
        await subscriptions.SubscribeAsync(SubscriptionKind.Literal, Channels.Request, (channel, payload) => Receive(channel, payload, OnRequest), cancellationToken);
        await subscriptions.SubscribeAsync(SubscriptionKind.Literal, Channels.Response, (channel, payload) => Receive(channel, payload, OnResponse), cancellationToken);
        await subscriptions.SubscribeAsync(SubscriptionKind.Literal, Channels.SpecificResponse, (channel, payload) => Receive(channel, payload, OnResponse), cancellationToken);
    }

    /// <inheritdoc />
    public override ValueTask BroadcastAsync(SocketPacket packet, BroadcastOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Flags.Local)
        {
            var channel = options.Rooms.Count == 1 ? Channels.Room(options.Rooms[0]) : Channels.Broadcast;
            PublishAndForget(RedisChannel.Literal(channel), ClassicMessages.Broadcast(Uid, packet, options), "broadcast");
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
            var requestId = RandomIds.Classic();
            TrackAckRequest(requestId, collector);
            PublishAndForget(RedisChannel.Literal(Channels.Request), ClassicMessages.BroadcastRequest(Uid, requestId, packet, options));
        }

        return base.BroadcastWithAckAsync(packet, options, collector, cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>PUBSUB NUMSUB of the request channel: every server, Node or not, subscribes to it from one connection.</remarks>
    public override async ValueTask<int> ServerCountAsync(CancellationToken cancellationToken)
    {
        var result = await (await GetMultiplexerAsync(cancellationToken)).GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", Channels.Request);
        var pair = (RedisResult[])result!;
        return pair.Length >= 2 ? (int)pair[1] : 0;
    }

    /// <inheritdoc />
    public override async Task<IReadOnlySet<string>> AllRoomsAsync(CancellationToken cancellationToken)
    {
        var rooms = new HashSet<string>(await base.AllRoomsAsync(cancellationToken), StringComparer.Ordinal);
        var servers = await ServerCountAsync(cancellationToken);
        if (servers <= 1)
        {
            return rooms;
        }

        var requestId = RandomIds.Classic();
        var pending = await RequestAsync("allRooms", requestId, (int)ClassicRequestType.AllRooms, servers - 1, Options.RequestsTimeout,
            () => PublishAsync(RedisChannel.Literal(Channels.Request), ClassicMessages.Request(Uid, requestId, ClassicRequestType.AllRooms, null)), cancellationToken);
        rooms.UnionWith(pending.Items<string>());
        return rooms;
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

        var servers = await ServerCountAsync(cancellationToken);
        if (servers <= 1)
        {
            return local;
        }

        var requestId = RandomIds.Classic();
        var pending = await RequestAsync("fetchSockets", requestId, (int)ClassicRequestType.RemoteFetch, servers - 1, Options.RequestsTimeout,
            () => PublishAsync(RedisChannel.Literal(Channels.Request), ClassicMessages.Request(Uid, requestId, ClassicRequestType.RemoteFetch, options)), cancellationToken);
        return [.. local, .. pending.Items<RemoteSocket>()];
    }

    /// <inheritdoc />
    public override async Task AddSocketsAsync(BroadcastOptions options, IReadOnlyList<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await base.AddSocketsAsync(options, rooms, cancellationToken);
        if (!options.Flags.Local)
        {
            await PublishOrCountAsync(RedisChannel.Literal(Channels.Request), ClassicMessages.RoomsRequest(Uid, ClassicRequestType.RemoteJoin, options, rooms));
        }
    }

    /// <inheritdoc />
    public override async Task DelSocketsAsync(BroadcastOptions options, IReadOnlyList<string> rooms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await base.DelSocketsAsync(options, rooms, cancellationToken);
        if (!options.Flags.Local)
        {
            await PublishOrCountAsync(RedisChannel.Literal(Channels.Request), ClassicMessages.RoomsRequest(Uid, ClassicRequestType.RemoteLeave, options, rooms));
        }
    }

    /// <inheritdoc />
    public override async Task DisconnectSocketsAsync(BroadcastOptions options, bool close, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        await base.DisconnectSocketsAsync(options, close, cancellationToken);
        if (!options.Flags.Local)
        {
            await PublishOrCountAsync(RedisChannel.Literal(Channels.Request), ClassicMessages.DisconnectRequest(Uid, options, close));
        }
    }

    /// <inheritdoc />
    public override Task ServerSideEmitAsync(SocketPacket packet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(packet);
        return PublishOrCountAsync(RedisChannel.Literal(Channels.Request), ClassicMessages.ServerSideEmit(Uid, null, packet));
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

        var requestId = RandomIds.Classic();
        var pending = await RequestAsync("serverSideEmitWithAck", requestId, (int)ClassicRequestType.ServerSideEmit, others, timeout,
            () => PublishAsync(RedisChannel.Literal(Channels.Request), ClassicMessages.ServerSideEmit(Uid, requestId, packet)), cancellationToken);
        return pending.Items<SocketArgs>();
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        foreach (var (kind, channel) in Interlocked.Exchange(ref _subscribed, []))
        {
            await Subscriptions.UnsubscribeAsync(kind, channel);
        }

        await base.DisposeAsync();
    }
}
