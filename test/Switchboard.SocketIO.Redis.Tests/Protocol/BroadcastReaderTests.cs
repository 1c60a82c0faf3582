using System.Text;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Redis.Protocol;

namespace Switchboard.SocketIO.Redis.Tests.Protocol;

/// <summary>The broadcast fast path: one pass finds sender, namespace, data and opts; only plain broadcasts are delivered.</summary>
public sealed class BroadcastReaderTests
{
    private static readonly byte[] Own = "_ownId"u8.ToArray();

    [Fact]
    public void ReadClassic_SpecExample_DeliversPacketAndOptions()
    {
        // socketio-wire.md §5.1: io.to("room1").emit("r1",{x:1}) from the server with uid _HZtoD.
        var message = Convert.FromHexString("93a65f485a746f4483a47479706502a46461746192a2723181a17801a36e7370a12f83a5726f6f6d7391a5726f6f6d31a665786365707490a5666c61677380");

        Assert.Equal(BroadcastVerdict.Deliver, BroadcastReader.ReadClassic(message, Own, "/"u8, out var parts));
        Assert.Equal("""2["r1",{"x":1}]""", BroadcastPayload.ReadPacket(message, parts, "/").ToString());
        var options = BroadcastPayload.ReadOptions(message, parts);
        Assert.Equal(["room1"], options.Rooms);
        Assert.Empty(options.Except);
        Assert.Equal(default, options.Flags);
    }

    [Fact]
    public void ReadClassic_OwnUid_Ignored()
    {
        var message = ClassicMessages.Broadcast("_ownId", Event("""["e",1]"""), BroadcastOptions.All);
        Assert.Equal(BroadcastVerdict.Ignore, BroadcastReader.ReadClassic(message, Own, "/"u8, out _));
    }

    [Theory]
    [InlineData("/admin", "/", false)]
    [InlineData("/admin", "/admin", true)]
    public void ReadClassic_Namespace_OnlyOwnDelivered(string sent, string served, bool delivered)
    {
        var message = ClassicMessages.Broadcast("other1", SocketPacket.Create(SocketPacketType.Event, sent, -1, """["e"]"""u8), BroadcastOptions.All);
        Assert.Equal(delivered ? BroadcastVerdict.Deliver : BroadcastVerdict.Ignore, BroadcastReader.ReadClassic(message, Own, Encoding.UTF8.GetBytes(served), out _));
    }

    [Fact]
    public void ReadClassic_EmitterWithoutNspAndFlagsFirst_DeliveredOnRootNamespace()
    {
        // The emitter writes rooms, flags, except; an old one leaves nsp out of the packet.
        var message = Convert.FromHexString("93a7656d697474657282a47479706502a46461746192a161a162" + "83a5726f6f6d7391a172a5666c61677381a8766f6c6174696c65c3a665786365707491a178");

        Assert.Equal(BroadcastVerdict.Deliver, BroadcastReader.ReadClassic(message, Own, "/"u8, out var parts));
        Assert.Equal(BroadcastVerdict.Ignore, BroadcastReader.ReadClassic(message, Own, "/admin"u8, out _));
        Assert.Equal("""2["a","b"]""", BroadcastPayload.ReadPacket(message, parts, "/").ToString());
        var options = BroadcastPayload.ReadOptions(message, parts);
        Assert.Equal(["r"], options.Rooms);
        Assert.Equal(["x"], options.Except);
        Assert.True(options.Flags.Volatile);
    }

    [Fact]
    public void ReadClassic_BinaryArgument_AttachmentWithPlaceholder()
    {
        var packet = SocketPacket.Create(SocketPacketType.Event, "/", -1, """["bin",{"_placeholder":true,"num":0},"é"]"""u8, [new byte[] { 1, 2, 3 }]);
        var message = ClassicMessages.Broadcast("other1", packet, new BroadcastOptions { Rooms = ["r"], Flags = new BroadcastFlags(false, false, true, TimeSpan.FromSeconds(2)) });

        Assert.Equal(BroadcastVerdict.Deliver, BroadcastReader.ReadClassic(message, Own, "/"u8, out var parts));
        var received = BroadcastPayload.ReadPacket(message, parts, "/");
        Assert.Equal("""51-["bin",{"_placeholder":true,"num":0},"é"]""", received.ToString());
        Assert.Equal([1, 2, 3], Assert.Single(received.Attachments).ToArray());
        var options = BroadcastPayload.ReadOptions(message, parts);
        Assert.Equal(true, options.Flags.Compress);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Flags.Timeout);
    }

    [Theory]
    [InlineData("93a1")] // truncated
    [InlineData("92a161a162")] // two elements
    [InlineData("7b7d")] // JSON
    [InlineData("93a66f746865723181a4747970650780")] // a packet of another type
    [InlineData("93a66f746865723181010280")] // a packet map key that is not a string
    [InlineData("93a66f746865723180808000")] // trailing bytes
    public void ReadClassic_Unusual_LeftToTheGeneralPath(string hex)
    {
        Assert.Equal(BroadcastVerdict.Other, BroadcastReader.ReadClassic(Convert.FromHexString(hex), Own, "/"u8, out _));
    }

    [Fact]
    public void ReadPacket_DataNotAnEvent_InvalidData()
    {
        var message = ClassicMessages.Broadcast("other1", Event("""[1,2]"""), BroadcastOptions.All);
        Assert.Equal(BroadcastVerdict.Deliver, BroadcastReader.ReadClassic(message, Own, "/"u8, out var parts));
        Assert.Throws<InvalidDataException>(() => BroadcastPayload.ReadPacket(message, parts, "/"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadSharded_PlainBroadcast_Delivered(bool binary)
    {
        var packet = binary
            ? SocketPacket.Create(SocketPacketType.Event, "/", -1, """["m",{"_placeholder":true,"num":0}]"""u8, [new byte[] { 9 }])
            : Event("""["m","x\"y",{"a":[1,2.5,null,true]}]""");
        var message = ShardedMessages.Broadcast("0123456789abcdef", packet, new BroadcastOptions { Rooms = ["r", "s"], Except = ["t"] }, requestId: null);
        Assert.Equal(binary ? (byte)0x84 : (byte)'{', message.Span[0]);

        Assert.Equal(BroadcastVerdict.Deliver, BroadcastReader.ReadSharded(message, Own, "/"u8, out var parts));
        var received = BroadcastPayload.ReadPacket(message, parts, "/");
        Assert.Equal(binary ? """51-["m",{"_placeholder":true,"num":0}]""" : """2["m","x\"y",{"a":[1,2.5,null,true]}]""", received.ToString());
        Assert.Equal(binary ? 1 : 0, received.Attachments.Count);
        var options = BroadcastPayload.ReadOptions(message, parts);
        Assert.Equal(["r", "s"], options.Rooms);
        Assert.Equal(["t"], options.Except);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadSharded_OwnOrOtherNamespace_Ignored(bool binary)
    {
        var packet = binary
            ? SocketPacket.Create(SocketPacketType.Event, "/", -1, """["m",{"_placeholder":true,"num":0}]"""u8, [new byte[] { 9 }])
            : Event("""["m"]""");
        var own = ShardedMessages.Broadcast("_ownId", packet, BroadcastOptions.All, requestId: null);
        Assert.Equal(BroadcastVerdict.Ignore, BroadcastReader.ReadSharded(own, Own, "/"u8, out _));
        var other = ShardedMessages.Broadcast("0123456789abcdef", packet, BroadcastOptions.All, requestId: null);
        Assert.Equal(BroadcastVerdict.Ignore, BroadcastReader.ReadSharded(other, Own, "/chat"u8, out _));
    }

    [Fact]
    public void ReadSharded_WithAckOrOtherType_LeftToTheGeneralPath()
    {
        var withAck = ShardedMessages.Broadcast("0123456789abcdef", Event("""["m"]"""), BroadcastOptions.All, requestId: "req1");
        Assert.Equal(BroadcastVerdict.Other, BroadcastReader.ReadSharded(withAck, Own, "/"u8, out _));
        var join = ShardedMessages.Rooms(ShardedMessageType.SocketsJoin, "0123456789abcdef", "/", BroadcastOptions.All, ["r"]);
        Assert.Equal(BroadcastVerdict.Other, BroadcastReader.ReadSharded(join, Own, "/"u8, out _));
    }

    [Theory]
    [InlineData("""{"type":3,"data":{"packet":{"type":2,"data":["m"]},"opts":{}},"uid":"u","nsp":"/"} x""")] // trailing bytes
    [InlineData("""{"type":3,"data":{"packet":{"type":2,"data":["m"]},"opts":{}},"uid":"u","nsp":"/" """)] // truncated
    [InlineData("""{"type":"3","data":{"packet":{"type":2,"data":["m"]}},"uid":"u","nsp":"/"}""")] // type not a number
    [InlineData("""{"type":3,"data":{"packet":{"type":0,"data":["m"]}},"uid":"u","nsp":"/"}""")] // packet of another type
    [InlineData("""{"type":3,"data":{"packet":{"type":2}},"uid":"u","nsp":"/"}""")] // no data
    [InlineData("""[3]""")]
    public void ReadSharded_UnusualJson_LeftToTheGeneralPath(string json)
    {
        Assert.Equal(BroadcastVerdict.Other, BroadcastReader.ReadSharded(Encoding.UTF8.GetBytes(json), Own, "/"u8, out _));
    }

    [Fact]
    public void ReadSharded_JsonKeysInAnyOrderWithEscapes_Delivered()
    {
        var json = """{"nsp":"\/","uid":"\u006fther","data":{"opts":{"flags":{"timeout":1500,"x":[1]},"rooms":[7,"r"],"except":[]},"packet":{"data":["m",{"k":"\u00e9"}]}},"type":3}""" + "\n";
        var message = Encoding.UTF8.GetBytes(json);
        Assert.Equal(BroadcastVerdict.Deliver, BroadcastReader.ReadSharded(message, Own, "/"u8, out var parts));
        Assert.Equal("""2["m",{"k":"\u00e9"}]""", BroadcastPayload.ReadPacket(message, parts, "/").ToString());
        var options = BroadcastPayload.ReadOptions(message, parts);
        Assert.Equal(["7", "r"], options.Rooms);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Flags.Timeout);
        Assert.Equal(BroadcastVerdict.Ignore, BroadcastReader.ReadSharded(message, "other"u8, "/"u8, out _));
    }

    private static SocketPacket Event(string json) => SocketPacket.Create(SocketPacketType.Event, "/", -1, Encoding.UTF8.GetBytes(json));
}
