using System.Text;
using System.Text.Json;
using Switchboard.SocketIO.Parsing;

namespace Switchboard.SocketIO.Tests;

public class SocketArgsTests
{
    private static readonly JsonSerializerOptions Options = new SocketIOOptions().SerializerOptions;

    public sealed record Message(string Text, int Count);

    public sealed record Upload(string Name, byte[] Content);

    [Fact]
    public void Get_TypedRecord_BindsWithWebDefaults()
    {
        var args = Parse("2[\"m\",{\"text\":\"hi\",\"count\":2},7]");
        Assert.Equal(2, args.Count);
        Assert.Equal(new Message("hi", 2), args.Get<Message>(0));
        Assert.Equal(7, args.Get<int>(1));
        Assert.Equal(JsonValueKind.Number, args[1].ValueKind);
        Assert.Equal(0, args.Get<int>(5));
    }

    [Fact]
    public void Get_BytesAtTopLevelAndNested_BindToAttachments()
    {
        var args = Parse("52-[\"m\",{\"_placeholder\":true,\"num\":0},{\"name\":\"f\",\"content\":{\"_placeholder\":true,\"num\":1}}]", [1, 2], [3]);
        Assert.True(args.HasAttachments);
        Assert.Equal([1, 2], args.Get<byte[]>(0));
        Assert.Equal([1, 2], args.GetBytes(0).ToArray());
        Assert.Equal([1, 2], args.Get<ReadOnlyMemory<byte>>(0).ToArray());
        var upload = args.Get<Upload>(1)!;
        Assert.Equal("f", upload.Name);
        Assert.Equal([3], upload.Content);
    }

    [Fact]
    public void GetBytes_NotAPlaceholder_Throws()
    {
        var args = Parse("2[\"m\",1]");
        Assert.Throws<InvalidOperationException>(() => args.GetBytes(0));
    }

    [Fact]
    public void ToString_WritesArgumentsAsJson()
    {
        Assert.Equal("[1,\"2\"]", Parse("2[\"m\",1,\"2\"]").ToString());
    }

    internal static SocketArgs Parse(string packet, params byte[][] attachments)
    {
        var decoder = new SocketPacketDecoder();
        if (!decoder.TryDecodeText(Encoding.UTF8.GetBytes(packet), out var incoming))
        {
            foreach (var attachment in attachments)
            {
                decoder.TryDecodeBinary(attachment, out incoming);
            }
        }

        return SocketArgs.FromPacket(incoming!.Data!, incoming.Type is Switchboard.SocketIO.Packets.SocketPacketType.Event or Switchboard.SocketIO.Packets.SocketPacketType.BinaryEvent ? 1 : 0, incoming.Attachments, Options);
    }
}
