using System.Text.Json;
using Switchboard.Server.Documents;
using Switchboard.SocketIO;

namespace Switchboard.Server.Tests.Documents;

public sealed class DocumentPayloadTests
{
    private static (SocketArgs Args, JsonElement Payload) Parse(string json, params byte[][] attachments)
    {
        var args = SocketArgs.Parse(System.Text.Encoding.UTF8.GetBytes("[" + json + "]"), [.. attachments.Select(a => (ReadOnlyMemory<byte>)a)]);
        return (args, args[0]);
    }

    [Fact]
    public void TryBytes_IntegerArray_Read()
    {
        var (args, payload) = Parse("""{"update":[0,1,255]}""");

        Assert.True(DocumentPayload.TryBytes(args, payload, "update", 10, out var bytes, out _));
        Assert.Equal(new byte[] { 0, 1, 255 }, bytes.ToArray());
    }

    [Fact]
    public void TryBytes_BinaryAttachment_Read()
    {
        var (args, payload) = Parse("""{"update":{"_placeholder":true,"num":0}}""", [9, 8, 7]);

        Assert.True(DocumentPayload.TryBytes(args, payload, "update", 10, out var bytes, out _));
        Assert.Equal(new byte[] { 9, 8, 7 }, bytes.ToArray());
    }

    [Theory]
    [InlineData("""{"update":[256]}""", "'update[0]' must be an integer from 0 to 255")]
    [InlineData("""{"update":[-1]}""", "'update[0]' must be an integer from 0 to 255")]
    [InlineData("""{"update":[1.5]}""", "'update[0]' must be an integer from 0 to 255")]
    [InlineData("""{"update":[1,"2"]}""", "'update[1]' must be an integer from 0 to 255")]
    [InlineData("""{"update":"AQI="}""", "'update' must be an array of bytes or a binary attachment")]
    [InlineData("""{"update":{"_placeholder":true,"num":3}}""", "'update' must be an array of bytes or a binary attachment")]
    [InlineData("""{"update":[1,2,3,4]}""", "'update' is 4 bytes, over the limit of 3")]
    [InlineData("""{}""", "'update' is missing")]
    [InlineData("""[]""", "'update' is missing")]
    public void TryBytes_Malformed_RefusedWithTheReason(string json, string expected)
    {
        var (args, payload) = Parse(json);

        Assert.False(DocumentPayload.TryBytes(args, payload, "update", 3, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Theory]
    [InlineData("""{"user_color":"#a1B2c3"}""", "#a1B2c3")]
    [InlineData("""{"user_color":"red"}""", "#000000")]
    [InlineData("""{"user_color":"#12345g"}""", "#000000")]
    [InlineData("""{"user_color":"<script>"}""", "#000000")]
    [InlineData("""{}""", "#000000")]
    public void Color_OnlyHexColorsPassed(string json, string expected)
    {
        Assert.Equal(expected, DocumentPayload.Color(Parse(json).Payload));
    }
}
