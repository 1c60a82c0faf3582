using System.Buffers;
using System.Text;
using System.Text.Json;
using Switchboard.SocketIO.Adapters;
using Switchboard.SocketIO.Packets;
using Switchboard.SocketIO.Redis.Protocol;

namespace Switchboard.SocketIO.Redis.Tests.Protocol;

/// <summary>Byte-level agreement with notepack.io 3.0.1 (socketio-wire.md §5.4); expected bytes were produced by notepack itself.</summary>
public sealed class MsgPackTests
{
    [Theory]
    [InlineData("0", "00")]
    [InlineData("127", "7f")]
    [InlineData("128", "cc80")]
    [InlineData("255", "ccff")]
    [InlineData("256", "cd0100")]
    [InlineData("65535", "cdffff")]
    [InlineData("65536", "ce00010000")]
    [InlineData("4294967295", "ceffffffff")]
    [InlineData("4294967296", "cf0000000100000000")]
    [InlineData("-1", "ff")]
    [InlineData("-32", "e0")]
    [InlineData("-33", "d0df")]
    [InlineData("-128", "d080")]
    [InlineData("-129", "d1ff7f")]
    [InlineData("-32768", "d18000")]
    [InlineData("-32769", "d2ffff7fff")]
    [InlineData("-2147483648", "d280000000")]
    [InlineData("-2147483649", "d3ffffffff7fffffff")]
    [InlineData("1.5", "cb3ff8000000000000")]
    [InlineData("-0.25", "cbbfd0000000000000")]
    [InlineData("2.0", "02")]
    [InlineData("1e3", "cd03e8")]
    [InlineData("null", "c0")]
    [InlineData("true", "c3")]
    [InlineData("""{"s":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","n":null,"t":true,"f":false,"nested":{"arr":[1,"x"]}}""",
        "85a173d92861616161616161616161616161616161616161616161616161616161616161616161616161616161a16ec0a174c3a166c2a66e657374656481a36172729201a178")]
    public void Value_JsonNumbersAndValues_EncodedAsNotepack(string json, string hex)
    {
        Assert.Equal(hex, Convert.ToHexStringLower(EncodeValue(json, [])));
    }

    [Fact]
    public void Value_Placeholder_EncodedAsBin()
    {
        var bytes = EncodeValue("""{"b":{"_placeholder":true,"num":0}}""", [new byte[] { 1, 2 }]);
        Assert.Equal("81a162c4020102", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void Broadcast_SpecExample_ExactBytes()
    {
        // socketio-wire.md §5.1: io.to("room1").emit("r1",{x:1}) from the server with uid _HZtoD.
        var packet = SocketPacket.Create(SocketPacketType.Event, "/", -1, """["r1",{"x":1}]"""u8);
        var bytes = ClassicMessages.Broadcast("_HZtoD", packet, new BroadcastOptions { Rooms = ["room1"] });
        Assert.Equal("93a65f485a746f4483a47479706502a46461746192a2723181a17801a36e7370a12f83a5726f6f6d7391a5726f6f6d31a665786365707490a5666c61677380",
            Convert.ToHexStringLower(bytes.Span));
    }

    [Fact]
    public void Convert_NotepackValues_ReadAsJsonWithPlaceholders()
    {
        var attachments = new List<ReadOnlyMemory<byte>>();
        var msgpack = Convert.FromHexString("86a173d92861616161616161616161616161616161616161616161616161616161616161616161616161616161a162c4020102a16ec0a174c3a166c2a66e657374656481a36172729201a178");
        var json = Encoding.UTF8.GetString(MsgPackToJson.Convert(msgpack, attachments));
        Assert.Equal("""{"s":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","b":{"_placeholder":true,"num":0},"n":null,"t":true,"f":false,"nested":{"arr":[1,"x"]}}""", json);
        Assert.Equal([1, 2], Assert.Single(attachments).ToArray());
    }

    [Theory]
    [InlineData("d7ffa1a5d600695735a5", "\"2026-01-02T03:04:05.678Z\"")] // a Date (ext -1)
    [InlineData("cf0000000100000000", "4294967296")]
    [InlineData("cbbfd0000000000000", "-0.25")]
    [InlineData("d3ffffffff7fffffff", "-2147483649")]
    public void Convert_Scalars_ReadAsJson(string hex, string json)
    {
        Assert.Equal(json, Encoding.UTF8.GetString(MsgPackToJson.Convert(Convert.FromHexString(hex), [])));
    }

    [Theory]
    [InlineData("c1")] // never used
    [InlineData("93a1")] // truncated
    [InlineData("0000")] // trailing bytes
    [InlineData("81c3c3")] // a map key that is not a string
    public void Convert_Malformed_ThrowsInvalidData(string hex)
    {
        Assert.Throws<InvalidDataException>(() => MsgPackToJson.Convert(Convert.FromHexString(hex), []));
    }

    [Fact]
    public void Convert_DeepNesting_ThrowsInvalidData()
    {
        var bytes = Enumerable.Repeat((byte)0x91, 200).Append((byte)0x00).ToArray();
        Assert.Throws<InvalidDataException>(() => MsgPackToJson.Convert(bytes, []));
    }

    [Theory]
    [InlineData("""["e\u00e9\"\n",{"_placeholder":true,"num":0},{"num":0,"_placeholder":true},{"_placeholder":true,"num":5},[]]""")]
    [InlineData("""{"a":{},"b":[[],[{}]],"c":-0.0,"d":1e300,"e":18446744073709551615}""")]
    public void Payload_Streaming_SameBytesAsThroughTheDocument(string json)
    {
        Assert.Equal(Convert.ToHexStringLower(EncodeValue(json, [new byte[] { 7 }])), Convert.ToHexStringLower(EncodeValue(json, [new byte[] { 7 }], streaming: true)));
    }

    [Theory]
    [InlineData("[1,")]
    [InlineData("[1] 2")]
    [InlineData("")]
    public void Payload_MalformedJson_ThrowsInvalidData(string json)
    {
        Assert.Throws<InvalidDataException>(() => EncodeValue(json, [], streaming: true));
    }

    // Every value is encoded both ways (through a JsonDocument and streaming); they must agree byte for byte.
    private static byte[] EncodeValue(string json, IReadOnlyList<ReadOnlyMemory<byte>> attachments, bool streaming = false)
    {
        var writer = new MessageWriter(msgpack: true, new ArrayBufferWriter<byte>());
        if (streaming)
        {
            writer.Payload(Encoding.UTF8.GetBytes(json), attachments);
            return writer.Complete().ToArray();
        }

        using var document = JsonDocument.Parse(json);
        writer.Value(document.RootElement, attachments);
        var bytes = writer.Complete().ToArray();
        var other = new MessageWriter(msgpack: true, new ArrayBufferWriter<byte>());
        other.Payload(Encoding.UTF8.GetBytes(json), attachments);
        Assert.Equal(Convert.ToHexStringLower(bytes), Convert.ToHexStringLower(other.Complete().Span));
        return bytes;
    }
}
