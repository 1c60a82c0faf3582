using Microsoft.AspNetCore.Mvc.Testing;

namespace ChatRoom.Tests;

/// <summary>The README's chat-room sample (samples/ChatRoom), driven with literal Socket.IO packets.</summary>
public sealed class ChatRoomTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Fact]
    public async Task Connect_WithoutName_GetsConnectError()
    {
        var client = await PollingClient.OpenAsync(factory.CreateClient());

        await client.SendAsync("40{}");

        Assert.Equal("""44{"message":"name required","data":{"field":"name"}}""", await client.ReceiveAsync("4"));
    }

    [Fact]
    public async Task Say_InJoinedRoom_ReachesEveryoneInIt()
    {
        var ann = await PollingClient.OpenAsync(factory.CreateClient());
        var bob = await PollingClient.OpenAsync(factory.CreateClient());
        await ann.SendAsync("""40{"name":"ann"}""");
        await bob.SendAsync("""40{"name":"bob"}""");
        await ann.ReceiveAsync("40{");
        await bob.ReceiveAsync("40{");

        await ann.SendAsync("""421["join",{"room":"lobby"}]""");
        Assert.Equal("431[1]", await ann.ReceiveAsync("431"));
        await bob.SendAsync("""422["join",{"room":"lobby"}]""");
        Assert.Equal("432[2]", await bob.ReceiveAsync("432"));
        Assert.Equal("""42["joined",{"name":"bob","room":"lobby"}]""", await ann.ReceiveAsync("42[\"joined\""));

        await bob.SendAsync("""42["say",{"room":"lobby","text":"hi"}]""");

        const string Expected = """42["message",{"from":"bob","room":"lobby","text":"hi"}]""";
        Assert.Equal(Expected, await ann.ReceiveAsync("42[\"message\""));
        Assert.Equal(Expected, await bob.ReceiveAsync("42[\"message\""));
    }
}
