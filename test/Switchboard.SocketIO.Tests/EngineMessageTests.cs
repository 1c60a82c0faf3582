using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests;

public class EngineMessageTests
{
    [Fact]
    public void Text_RoundTripsUtf8()
    {
        var message = EngineMessage.Text("héllo 🌍");
        Assert.False(message.IsBinary);
        Assert.Equal("héllo 🌍", message.ToString());
        Assert.Equal(11, message.Data.Length);
    }
}
