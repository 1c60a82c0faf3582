using System.Text.Json;
using StackExchange.Redis;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Redis.Protocol;

namespace Switchboard.SocketIO.Redis;

// Messages from other servers (socketio-wire.md §5.2), the ClusterAdapter's onMessage/onResponse. Each runs on its
// channel's ordered queue; answers are published without waiting.
internal sealed partial class ShardedRedisAdapter
{
    private void OnMessage(string channel, ReadOnlyMemory<byte> payload)
    {
        if (TryReceiveBroadcast(payload, sharded: true))
        {
            return;
        }

        using var message = DecodedMessage.Parse(payload);
        var root = message.Root;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type"u8, out var wireType) || !wireType.TryGetInt32(out var type))
        {
            throw new InvalidDataException("message without a numeric type");
        }

        var uid = root.TryGetProperty("uid"u8, out var wireUid) && wireUid.ValueKind == JsonValueKind.String ? wireUid.GetString()! : string.Empty;
        if (uid == Uid || !(root.TryGetProperty("nsp"u8, out var nsp) && nsp.ValueKind == JsonValueKind.String && nsp.ValueEquals(Namespace.Name)))
        {
            return;
        }

        var data = root.TryGetProperty("data"u8, out var wireData) ? wireData : default;
        var requestId = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("requestId"u8, out var wireId) && wireId.ValueKind == JsonValueKind.String
            ? wireId.GetString()
            : null;
        var options = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("opts"u8, out var opts) ? WireOptions.Read(opts) : BroadcastOptions.All;
        switch ((ShardedMessageType)type)
        {
            case ShardedMessageType.Broadcast:
                var packet = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("packet"u8, out var wirePacket) ? wirePacket : default;
                if (requestId is null)
                {
                    DeliverLocally(ReadEventPacket(packet, message, -1), options);
                }
                else
                {
                    BroadcastWithAckForRemote(packet, message, options,
                        count => Respond(uid, ShardedMessages.ClientCount(Uid, Namespace.Name, requestId, count)),
                        args => Respond(uid, ShardedMessages.ValueResponse(ShardedMessageType.BroadcastAck, Uid, Namespace.Name, requestId, WireValue.FirstOf(args))));
                }

                break;
            case ShardedMessageType.SocketsJoin:
                _ = base.AddSocketsAsync(options, ReadRooms(data), CancellationToken.None);
                break;
            case ShardedMessageType.SocketsLeave:
                _ = base.DelSocketsAsync(options, ReadRooms(data), CancellationToken.None);
                break;
            case ShardedMessageType.DisconnectSockets:
                var close = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("close"u8, out var wireClose) && wireClose.ValueKind == JsonValueKind.True;
                _ = base.DisconnectSocketsAsync(options, close, CancellationToken.None);
                break;
            case ShardedMessageType.FetchSockets when requestId is not null:
                Respond(uid, ShardedMessages.FetchSocketsResponse(Uid, Namespace.Name, requestId, w => WriteLocalSockets(w, options)));
                break;
            case ShardedMessageType.ServerSideEmit:
                Action<object?>? ack = requestId is null
                    ? null
                    : value => Respond(uid, ShardedMessages.ValueResponse(ShardedMessageType.ServerSideEmitResponse, Uid, Namespace.Name, requestId, WireValue.From(value, SerializerOptions)));
                DispatchServerSideEmit(data.ValueKind == JsonValueKind.Object && data.TryGetProperty("packet"u8, out var emitted) ? emitted : default, message, ack);
                break;
            case ShardedMessageType.FetchSocketsResponse or ShardedMessageType.ServerSideEmitResponse
                or ShardedMessageType.BroadcastClientCount or ShardedMessageType.BroadcastAck when requestId is not null:
                OnResponse((ShardedMessageType)type, requestId, data, message);
                break;
            case ShardedMessageType.InitialHeartbeat or ShardedMessageType.Heartbeat or ShardedMessageType.AdapterClose:
                // Heartbeats belong to ClusterAdapterWithHeartbeat; the sharded adapter counts servers with SHARDNUMSUB.
                break;
            default:
                throw new InvalidDataException($"unknown or incomplete message of type {type}");
        }
    }

    private void OnResponse(ShardedMessageType type, string requestId, JsonElement data, DecodedMessage message)
    {
        switch (type)
        {
            case ShardedMessageType.BroadcastClientCount:
                if (data.TryGetProperty("clientCount"u8, out var count) && count.TryGetInt32(out var clients))
                {
                    FindAckRequest(requestId)?.AddClientCount(clients);
                }

                break;
            case ShardedMessageType.BroadcastAck:
                FindAckRequest(requestId)?.AddResponse(ReadSingleArgument(data.TryGetProperty("packet"u8, out var ack) ? ack : default, message));
                break;
            case ShardedMessageType.FetchSocketsResponse:
                if (FindRequest(requestId) is { Type: (int)ShardedMessageType.FetchSockets } fetch && data.TryGetProperty("sockets"u8, out var sockets))
                {
                    fetch.Add(ReadRemoteSockets(sockets).ToArray());
                }

                break;
            default:
                if (FindRequest(requestId) is { Type: (int)ShardedMessageType.ServerSideEmit } emit)
                {
                    emit.Add([ReadSingleArgument(data.TryGetProperty("packet"u8, out var answer) ? answer : default, message)]);
                }

                break;
        }
    }

    private void Respond(string requesterUid, ReadOnlyMemory<byte> response) =>
        PublishAndForget(RedisChannel.Sharded(Channels.ShardedResponseOf(requesterUid)), response);

    private static string[] ReadRooms(JsonElement data) =>
        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("rooms"u8, out var rooms) ? WireOptions.ReadRooms(rooms) : [];
}
