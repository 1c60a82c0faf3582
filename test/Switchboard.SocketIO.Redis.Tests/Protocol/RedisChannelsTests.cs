using Switchboard.SocketIO.Redis.Protocol;

namespace Switchboard.SocketIO.Redis.Tests.Protocol;

public sealed class RedisChannelsTests
{
    [Fact]
    public void Names_DefaultPrefix_AsNode()
    {
        var channels = new RedisChannels("socket.io", "/admin", "_HZtoD");
        Assert.Equal("socket.io#/admin#", channels.Broadcast);
        Assert.Equal("socket.io#/admin#*", channels.BroadcastPattern);
        Assert.Equal("socket.io-request#/admin#", channels.Request);
        Assert.Equal("socket.io-response#/admin#", channels.Response);
        Assert.Equal("socket.io-response#/admin#_HZtoD#", channels.SpecificResponse);
        Assert.Equal("socket.io#/admin#_HZtoD#", channels.ShardedResponse);
        Assert.Equal("socket.io#/admin#room1#", channels.Room("room1"));
    }

    [Theory]
    [InlineData("socket.io#/#", "")]
    [InlineData("socket.io#/#room1#", "room1")]
    [InlineData("socket.io#/#a#b#", "a#b")]
    [InlineData("socket.io#/admin#x#", null)]
    [InlineData("other#/#x#", null)]
    public void RoomOf_Channel_NamesTheRoom(string channel, string? room)
    {
        Assert.Equal(room, new RedisChannels("socket.io", "/", RandomIds.Classic()).RoomOf(channel));
    }

    [Fact]
    public void RandomIds_HaveNodesShapes()
    {
        Assert.Matches("^[A-Za-z0-9]{6}$", RandomIds.Classic());
        Assert.Matches("^[0-9a-f]{16}$", RandomIds.Sharded());
    }
}
