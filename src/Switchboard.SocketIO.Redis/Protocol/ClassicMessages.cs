using System.Buffers;
using System.Text.Json;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Packets;

namespace Switchboard.SocketIO.Redis.Protocol;

/// <summary>
/// The classic adapter's messages (socketio-wire.md §5.1). Broadcasts, broadcast requests and acks are msgpack;
/// other requests and responses JSON, unless they carry binary (then msgpack, which Node tells apart by the first byte).
/// Keys are written in Node's order.
/// </summary>
internal static class ClassicMessages
{
    // Broadcast, on prefix#nsp# or prefix#nsp#room#, msgpack array of 3:
    //   [ uid:str, packet:{ type:2, data:["event", args...], nsp:str }, opts:{ rooms, except, flags } ]
    public static ReadOnlyMemory<byte> Broadcast(string uid, SocketPacket packet, BroadcastOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(packet.Json.Length + 64);
        var writer = new MessageWriter(msgpack: true, buffer);
        writer.StartArray(3);
        writer.String(uid);
        WritePacket(ref writer, packet);
        WireOptions.Write(ref writer, options, withFlags: true);
        return writer.Complete();
    }

    // Broadcast with ack, on prefix-request#nsp#, msgpack map:
    //   { uid, requestId, type:7, packet:{ type:2, data, nsp }, opts:{ rooms, except, flags:{ timeout, ... } } }
    public static ReadOnlyMemory<byte> BroadcastRequest(string uid, string requestId, SocketPacket packet, BroadcastOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(packet.Json.Length + 96);
        var writer = new MessageWriter(msgpack: true, buffer);
        writer.StartMap(5);
        writer.Key("uid");
        writer.String(uid);
        writer.Key("requestId");
        writer.String(requestId);
        writer.Key("type");
        writer.Number((long)ClassicRequestType.Broadcast);
        writer.Key("packet");
        WritePacket(ref writer, packet);
        writer.Key("opts");
        WireOptions.Write(ref writer, options, withFlags: true);
        writer.EndMap();
        return writer.Complete();
    }

    // JSON { type:8, requestId, clientCount }
    public static ReadOnlyMemory<byte> BroadcastClientCount(string requestId, int clientCount)
    {
        var writer = new MessageWriter(msgpack: false, new ArrayBufferWriter<byte>(64));
        writer.StartMap(3);
        writer.Key("type");
        writer.Number((long)ClassicRequestType.BroadcastClientCount);
        writer.Key("requestId");
        writer.String(requestId);
        writer.Key("clientCount");
        writer.Number(clientCount);
        writer.EndMap();
        return writer.Complete();
    }

    // msgpack { type:9, requestId, packet:<the client's first ack argument> }
    public static ReadOnlyMemory<byte> BroadcastAck(string requestId, WireValue value)
    {
        var writer = new MessageWriter(msgpack: true, new ArrayBufferWriter<byte>(64));
        writer.StartMap(3);
        writer.Key("type");
        writer.Number((long)ClassicRequestType.BroadcastAck);
        writer.Key("requestId");
        writer.String(requestId);
        writer.Key("packet");
        value.WriteTo(ref writer);
        writer.EndMap();
        return writer.Complete();
    }

    // JSON { uid, requestId, type } for ALL_ROOMS (1); with opts:{ rooms, except } for REMOTE_FETCH (5).
    public static ReadOnlyMemory<byte> Request(string uid, string requestId, ClassicRequestType type, BroadcastOptions? options)
    {
        var writer = new MessageWriter(msgpack: false, new ArrayBufferWriter<byte>(128));
        writer.StartMap(options is null ? 3 : 4);
        writer.Key("uid");
        writer.String(uid);
        writer.Key("requestId");
        writer.String(requestId);
        writer.Key("type");
        writer.Number((long)type);
        if (options is not null)
        {
            writer.Key("opts");
            WireOptions.Write(ref writer, options, withFlags: false);
        }

        writer.EndMap();
        return writer.Complete();
    }

    // JSON { uid, type:2|3, opts:{ rooms, except }, rooms:[..] } (socketsJoin / socketsLeave), no answer.
    public static ReadOnlyMemory<byte> RoomsRequest(string uid, ClassicRequestType type, BroadcastOptions options, IReadOnlyList<string> rooms)
    {
        var writer = new MessageWriter(msgpack: false, new ArrayBufferWriter<byte>(128));
        writer.StartMap(4);
        writer.Key("uid");
        writer.String(uid);
        writer.Key("type");
        writer.Number((long)type);
        writer.Key("opts");
        WireOptions.Write(ref writer, options, withFlags: false);
        writer.Key("rooms");
        writer.StringArray(rooms);
        writer.EndMap();
        return writer.Complete();
    }

    // JSON { uid, type:4, opts:{ rooms, except }, close:bool }, no answer.
    public static ReadOnlyMemory<byte> DisconnectRequest(string uid, BroadcastOptions options, bool close)
    {
        var writer = new MessageWriter(msgpack: false, new ArrayBufferWriter<byte>(128));
        writer.StartMap(4);
        writer.Key("uid");
        writer.String(uid);
        writer.Key("type");
        writer.Number((long)ClassicRequestType.RemoteDisconnect);
        writer.Key("opts");
        WireOptions.Write(ref writer, options, withFlags: false);
        writer.Key("close");
        writer.Bool(close);
        writer.EndMap();
        return writer.Complete();
    }

    // { uid, requestId?, type:6, data:["event", args...] }: JSON, or msgpack when an argument is binary.
    public static ReadOnlyMemory<byte> ServerSideEmit(string uid, string? requestId, SocketPacket packet)
    {
        var writer = new MessageWriter(msgpack: packet.Attachments.Count > 0, new ArrayBufferWriter<byte>(packet.Json.Length + 64));
        writer.StartMap(requestId is null ? 3 : 4);
        writer.Key("uid");
        writer.String(uid);
        if (requestId is not null)
        {
            writer.Key("requestId");
            writer.String(requestId);
        }

        writer.Key("type");
        writer.Number((long)ClassicRequestType.ServerSideEmit);
        writer.Key("data");
        WriteData(ref writer, packet);
        writer.EndMap();
        return writer.Complete();
    }

    // { type:6, requestId, data:<answer> }: JSON, or msgpack when the answer is binary.
    public static ReadOnlyMemory<byte> ServerSideEmitResponse(string requestId, WireValue value)
    {
        var writer = new MessageWriter(msgpack: value.HasBinary, new ArrayBufferWriter<byte>(64));
        writer.StartMap(3);
        writer.Key("type");
        writer.Number((long)ClassicRequestType.ServerSideEmit);
        writer.Key("requestId");
        writer.String(requestId);
        writer.Key("data");
        value.WriteTo(ref writer);
        writer.EndMap();
        return writer.Complete();
    }

    // JSON { requestId, <name>: <array written by writeArray> } (SOCKETS, ALL_ROOMS, REMOTE_FETCH answers).
    public static ReadOnlyMemory<byte> ArrayResponse(string requestId, string name, Action<Utf8JsonWriter> writeArray)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("requestId"u8, requestId);
            writer.WritePropertyName(name);
            writeArray(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static void WritePacket(ref MessageWriter writer, SocketPacket packet)
    {
        writer.StartMap(3);
        writer.Key("type");
        writer.Number(2);
        writer.Key("data");
        WriteData(ref writer, packet);
        writer.Key("nsp");
        writer.String(packet.Namespace);
        writer.EndMap();
    }

    internal static void WriteData(ref MessageWriter writer, SocketPacket packet) => writer.Payload(packet.Json.Span, packet.Attachments);
}
