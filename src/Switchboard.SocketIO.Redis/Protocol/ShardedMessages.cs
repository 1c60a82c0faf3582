using System.Buffers;
using System.Text.Json;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// The sharded adapter's messages: socket.io-adapter's ClusterAdapter envelope (socketio-wire.md §5.2).
/// </summary>
internal static class ShardedMessages
{
    /// <summary>Writes the <c>data</c> part of a message.</summary>
    public delegate void DataWriter(ref MessageWriter writer);

    // Every message: { type:int, data:{...}, uid:str (16 hex), nsp:str }. JSON, unless the type may carry binary
    // (BROADCAST, FETCH_SOCKETS_RESPONSE, SERVER_SIDE_EMIT, SERVER_SIDE_EMIT_RESPONSE, BROADCAST_ACK) and does:
    // then msgpack (notepack), which receivers tell apart by the first byte.
    public static ReadOnlyMemory<byte> Envelope(ShardedMessageType type, string uid, string nsp, bool msgpack, int dataSizeHint, DataWriter data)
    {
        var writer = new MessageWriter(msgpack, new ArrayBufferWriter<byte>(dataSizeHint + 64));
        writer.StartMap(4);
        writer.Key("type");
        writer.Number((long)type);
        writer.Key("data");
        data(ref writer);
        writer.Key("uid");
        writer.String(uid);
        writer.Key("nsp");
        writer.String(nsp);
        writer.EndMap();
        return writer.Complete();
    }

    // BROADCAST data: { packet:{ type:2, data:["event", args...] }, requestId? (with ack), opts:{ rooms, except, flags } }
    // (the packet has no nsp: it is in the envelope).
    public static ReadOnlyMemory<byte> Broadcast(string uid, SocketPacket packet, BroadcastOptions options, string? requestId) =>
        Envelope(ShardedMessageType.Broadcast, uid, packet.Namespace, packet.Attachments.Count > 0, packet.Json.Length, (ref MessageWriter w) =>
        {
            w.StartMap(requestId is null ? 2 : 3);
            w.Key("packet");
            w.StartMap(2);
            w.Key("type");
            w.Number(2);
            w.Key("data");
            ClassicMessages.WriteData(ref w, packet);
            w.EndMap();
            if (requestId is not null)
            {
                w.Key("requestId");
                w.String(requestId);
            }

            w.Key("opts");
            WireOptions.Write(ref w, options, withFlags: true);
            w.EndMap();
        });

    // SOCKETS_JOIN / SOCKETS_LEAVE data: { opts:{ rooms, except }, rooms:[..] }
    public static ReadOnlyMemory<byte> Rooms(ShardedMessageType type, string uid, string nsp, BroadcastOptions options, IReadOnlyList<string> rooms) =>
        Envelope(type, uid, nsp, msgpack: false, 128, (ref MessageWriter w) =>
        {
            w.StartMap(2);
            w.Key("opts");
            WireOptions.Write(ref w, options, withFlags: false);
            w.Key("rooms");
            w.StringArray(rooms);
            w.EndMap();
        });

    // DISCONNECT_SOCKETS data: { opts:{ rooms, except }, close:bool }
    public static ReadOnlyMemory<byte> Disconnect(string uid, string nsp, BroadcastOptions options, bool close) =>
        Envelope(ShardedMessageType.DisconnectSockets, uid, nsp, msgpack: false, 128, (ref MessageWriter w) =>
        {
            w.StartMap(2);
            w.Key("opts");
            WireOptions.Write(ref w, options, withFlags: false);
            w.Key("close");
            w.Bool(close);
            w.EndMap();
        });

    // FETCH_SOCKETS data: { opts:{ rooms, except }, requestId }
    public static ReadOnlyMemory<byte> FetchSockets(string uid, string nsp, BroadcastOptions options, string requestId) =>
        Envelope(ShardedMessageType.FetchSockets, uid, nsp, msgpack: false, 128, (ref MessageWriter w) =>
        {
            w.StartMap(2);
            w.Key("opts");
            WireOptions.Write(ref w, options, withFlags: false);
            w.Key("requestId");
            w.String(requestId);
            w.EndMap();
        });

    // FETCH_SOCKETS_RESPONSE data: { requestId, sockets:[{ id, handshake, rooms, data }] } (JSON: written by RemoteSocketWire)
    public static ReadOnlyMemory<byte> FetchSocketsResponse(string uid, string nsp, string requestId, Action<Utf8JsonWriter> writeSockets)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("type"u8, (int)ShardedMessageType.FetchSocketsResponse);
            writer.WriteStartObject("data"u8);
            writer.WriteString("requestId"u8, requestId);
            writer.WritePropertyName("sockets"u8);
            writeSockets(writer);
            writer.WriteEndObject();
            writer.WriteString("uid"u8, uid);
            writer.WriteString("nsp"u8, nsp);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    // SERVER_SIDE_EMIT data: { requestId? (with ack), packet:["event", args...] }
    public static ReadOnlyMemory<byte> ServerSideEmit(string uid, SocketPacket packet, string? requestId) =>
        Envelope(ShardedMessageType.ServerSideEmit, uid, packet.Namespace, packet.Attachments.Count > 0, packet.Json.Length, (ref MessageWriter w) =>
        {
            w.StartMap(requestId is null ? 1 : 2);
            if (requestId is not null)
            {
                w.Key("requestId");
                w.String(requestId);
            }

            w.Key("packet");
            ClassicMessages.WriteData(ref w, packet);
            w.EndMap();
        });

    // SERVER_SIDE_EMIT_RESPONSE / BROADCAST_ACK data: { requestId, packet:<value> }
    public static ReadOnlyMemory<byte> ValueResponse(ShardedMessageType type, string uid, string nsp, string requestId, WireValue value) =>
        Envelope(type, uid, nsp, value.HasBinary, 64, (ref MessageWriter w) =>
        {
            w.StartMap(2);
            w.Key("requestId");
            w.String(requestId);
            w.Key("packet");
            value.WriteTo(ref w);
            w.EndMap();
        });

    // BROADCAST_CLIENT_COUNT data: { requestId, clientCount }
    public static ReadOnlyMemory<byte> ClientCount(string uid, string nsp, string requestId, int clientCount) =>
        Envelope(ShardedMessageType.BroadcastClientCount, uid, nsp, msgpack: false, 64, (ref MessageWriter w) =>
        {
            w.StartMap(2);
            w.Key("requestId");
            w.String(requestId);
            w.Key("clientCount");
            w.Number(clientCount);
            w.EndMap();
        });
}
