using System.Text.Json;
using StackExchange.Redis;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Redis.Protocol;

namespace Switchboard.SocketIO.Redis;

// Messages from other servers and emitters (socketio-wire.md §5.1, §5.3). Each runs on its channel's ordered queue;
// nothing here waits on the network: answers are published without waiting.
internal sealed partial class RedisAdapter
{
    private void OnBroadcast(string channel, ReadOnlyMemory<byte> payload)
    {
        var room = Channels.RoomOf(channel);
        if (room is null)
        {
            throw new InvalidDataException("not a broadcast channel of this namespace");
        }

        // A room channel for a room with no member here: skip without decoding (as Node does).
        if (room.Length > 0 && !HasLocalRoom(room))
        {
            return;
        }

        if (TryReceiveBroadcast(payload, sharded: false))
        {
            return;
        }

        using var message = DecodedMessage.Parse(payload);
        var root = message.Root;
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() < 3)
        {
            throw new InvalidDataException("broadcast is not [uid, packet, opts]");
        }

        if (root[0].ValueKind == JsonValueKind.String && root[0].ValueEquals(Uid))
        {
            return;
        }

        var packet = root[1];
        if (!IsThisNamespace(packet))
        {
            return;
        }

        DeliverLocally(ReadEventPacket(packet, message, -1), WireOptions.Read(root[2]));
    }

    private void OnRequest(string channel, ReadOnlyMemory<byte> payload)
    {
        using var message = DecodedMessage.Parse(payload);
        var request = message.Root;
        if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("type"u8, out var wireType) || !wireType.TryGetInt32(out var type))
        {
            throw new InvalidDataException("request without a numeric type");
        }

        var uid = GetString(request, "uid"u8);
        var requestId = GetString(request, "requestId"u8);
        var fromSelf = uid == Uid;
        switch ((ClassicRequestType)type)
        {
            case ClassicRequestType.Sockets when requestId is not null && !IsOwnRequest(requestId):
                var rooms = request.TryGetProperty("rooms"u8, out var wireRooms) ? WireOptions.ReadRooms(wireRooms) : [];
                var ids = LocalSockets(new BroadcastOptions { Rooms = rooms }).Select(s => s.Id).ToArray();
                Respond(uid, ClassicMessages.ArrayResponse(requestId, "sockets", w => WriteStrings(w, ids)));
                break;
            case ClassicRequestType.AllRooms when requestId is not null && !IsOwnRequest(requestId):
                var local = GetLocalRooms();
                Respond(uid, ClassicMessages.ArrayResponse(requestId, "rooms", w => WriteStrings(w, local)));
                break;
            case ClassicRequestType.RemoteJoin or ClassicRequestType.RemoteLeave when !fromSelf:
                ApplyRooms((ClassicRequestType)type, request, uid, requestId);
                break;
            case ClassicRequestType.RemoteDisconnect when !fromSelf:
                var close = request.TryGetProperty("close"u8, out var wireClose) && wireClose.ValueKind == JsonValueKind.True;
                if (request.TryGetProperty("opts"u8, out var disconnectOpts))
                {
                    _ = base.DisconnectSocketsAsync(WireOptions.Read(disconnectOpts), close, CancellationToken.None);
                }
                else if (FindLegacyTarget(request) is { } target)
                {
                    target.Disconnect(close);
                    RespondLegacy(uid, requestId);
                }

                break;
            case ClassicRequestType.RemoteFetch when requestId is not null && !IsOwnRequest(requestId):
                var options = request.TryGetProperty("opts"u8, out var fetchOpts) ? WireOptions.Read(fetchOpts) : BroadcastOptions.All;
                Respond(uid, ClassicMessages.ArrayResponse(requestId, "sockets", w => WriteLocalSockets(w, options)));
                break;
            case ClassicRequestType.ServerSideEmit when !fromSelf:
                Action<object?>? ack = requestId is null
                    ? null
                    : value => PublishAndForget(RedisChannel.Literal(Channels.Response),
                        ClassicMessages.ServerSideEmitResponse(requestId, WireValue.From(value, SerializerOptions)));
                DispatchServerSideEmit(request.TryGetProperty("data"u8, out var data) ? data : default, message, ack);
                break;
            case ClassicRequestType.Broadcast when requestId is not null && !IsOwnAckRequest(requestId):
                var packet = request.TryGetProperty("packet"u8, out var wirePacket) ? wirePacket : default;
                if (!IsThisNamespace(packet))
                {
                    return;
                }

                BroadcastWithAckForRemote(packet, message, WireOptions.Read(request.TryGetProperty("opts"u8, out var ackOpts) ? ackOpts : default),
                    count => Respond(uid, ClassicMessages.BroadcastClientCount(requestId, count)),
                    args => Respond(uid, ClassicMessages.BroadcastAck(requestId, WireValue.FirstOf(args))));
                break;
            case ClassicRequestType.Sockets or ClassicRequestType.AllRooms or ClassicRequestType.RemoteJoin or ClassicRequestType.RemoteLeave
                or ClassicRequestType.RemoteDisconnect or ClassicRequestType.RemoteFetch or ClassicRequestType.ServerSideEmit or ClassicRequestType.Broadcast:
                // Our own request, or one without the id it needs: nothing to do.
                break;
            default:
                throw new InvalidDataException($"unknown request type {type}");
        }
    }

    private void OnResponse(string channel, ReadOnlyMemory<byte> payload)
    {
        using var message = DecodedMessage.Parse(payload);
        var response = message.Root;
        if (response.ValueKind != JsonValueKind.Object || GetString(response, "requestId"u8) is not { } requestId)
        {
            throw new InvalidDataException("response without a requestId");
        }

        var type = response.TryGetProperty("type"u8, out var wireType) && wireType.TryGetInt32(out var t) ? t : -1;
        if (FindAckRequest(requestId) is { } collector)
        {
            if (type == (int)ClassicRequestType.BroadcastClientCount && response.TryGetProperty("clientCount"u8, out var count) && count.TryGetInt32(out var clients))
            {
                collector.AddClientCount(clients);
            }
            else if (type == (int)ClassicRequestType.BroadcastAck)
            {
                collector.AddResponse(ReadSingleArgument(response.TryGetProperty("packet"u8, out var ack) ? ack : default, message));
            }

            return;
        }

        if (FindRequest(requestId) is not { } pending)
        {
            // Another server's request, or one of ours that already ended.
            return;
        }

        switch ((ClassicRequestType)pending.Type)
        {
            case ClassicRequestType.RemoteFetch when response.TryGetProperty("sockets"u8, out var sockets) && sockets.ValueKind == JsonValueKind.Array:
                pending.Add(ReadRemoteSockets(sockets).ToArray());
                break;
            case ClassicRequestType.AllRooms when response.TryGetProperty("rooms"u8, out var rooms) && rooms.ValueKind == JsonValueKind.Array:
                pending.Add(WireOptions.ReadRooms(rooms));
                break;
            case ClassicRequestType.ServerSideEmit:
                pending.Add([ReadSingleArgument(response.TryGetProperty("data"u8, out var data) ? data : default, message)]);
                break;
            default:
                throw new InvalidDataException("response does not match its request");
        }
    }

    // socketsJoin/socketsLeave: the opts form (adapter 8, emitter 5) or the legacy { sid, room, requestId } one.
    private void ApplyRooms(ClassicRequestType type, JsonElement request, string? uid, string? requestId)
    {
        if (request.TryGetProperty("opts"u8, out var opts))
        {
            var options = WireOptions.Read(opts);
            var rooms = request.TryGetProperty("rooms"u8, out var wireRooms) ? WireOptions.ReadRooms(wireRooms) : [];
            _ = type == ClassicRequestType.RemoteJoin
                ? base.AddSocketsAsync(options, rooms, CancellationToken.None)
                : base.DelSocketsAsync(options, rooms, CancellationToken.None);
            return;
        }

        if (FindLegacyTarget(request) is { } socket && GetString(request, "room"u8) is { } room)
        {
            if (type == ClassicRequestType.RemoteJoin)
            {
                socket.Join(room);
            }
            else
            {
                socket.Leave(room);
            }

            RespondLegacy(uid, requestId);
        }
    }

    private Socket? FindLegacyTarget(JsonElement request) =>
        GetString(request, "sid"u8) is { } sid && Namespace.Sockets.TryGetValue(sid, out var socket) ? socket : null;

    private void RespondLegacy(string? uid, string? requestId)
    {
        if (requestId is not null)
        {
            Respond(uid, ClassicMessages.ArrayResponse(requestId, "ok", w => w.WriteStartArray()));
        }
    }

    private void Respond(string? requesterUid, ReadOnlyMemory<byte> response)
    {
        var channel = Options.PublishOnSpecificResponseChannel && requesterUid is not null ? Channels.SpecificResponseOf(requesterUid) : Channels.Response;
        PublishAndForget(RedisChannel.Literal(channel), response);
    }

    // packet.nsp missing means "/" (older emitters); another namespace's packet is not for this adapter.
    private bool IsThisNamespace(JsonElement packet) =>
        packet.ValueKind == JsonValueKind.Object
        && (!packet.TryGetProperty("nsp"u8, out var nsp) ? Namespace.Name == "/" : nsp.ValueKind == JsonValueKind.String && nsp.ValueEquals(Namespace.Name));

    private static string? GetString(JsonElement element, ReadOnlySpan<byte> name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void WriteStrings(Utf8JsonWriter writer, IEnumerable<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
