using System.Net;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>The bounded send queue and its full-queue policy.</summary>
public class EngineSendQueueTests
{
    [Fact]
    public async Task TrySend_QueueFullWithDropPolicy_DroppedAndSessionStays()
    {
        await using var host = await EngineTestHost.StartAsync(o =>
        {
            o.SendQueueCapacity = 3;
            o.FullQueuePolicy = EngineFullQueuePolicy.DropMessage;
        });
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();

        Assert.True(connection.TrySend(EngineMessage.Text("a")));
        Assert.True(connection.TrySend([EngineMessage.Text("b"), EngineMessage.Text("c")]));
        Assert.True(connection.TrySend(EngineMessage.Text("d")));
        Assert.False(connection.TrySend(EngineMessage.Text("dropped")));

        Assert.False(connection.IsClosed);
        Assert.Equal((HttpStatusCode.OK, "4a\u001e4b\u001e4c\u001e4d"), await host.GetAsync(EngineTestHost.Url(sid)));
        Assert.True(connection.TrySend(EngineMessage.Text("room again")));
    }

    [Fact]
    public async Task TrySend_QueueFullWithClosePolicy_SessionClosed()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.SendQueueCapacity = 2);
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();

        Assert.True(connection.TrySend(EngineMessage.Text("a")));
        Assert.True(connection.TrySend(EngineMessage.Text("b")));
        Assert.False(connection.TrySend(EngineMessage.Text("c")));

        Assert.True(connection.IsClosed);
        Assert.Equal(EngineCloseReason.TransportError, (await host.Handler.NextCloseAsync()).Reason);
        Assert.Equal((HttpStatusCode.BadRequest, "{\"code\":1,\"message\":\"Session ID unknown\"}"), await host.GetAsync(EngineTestHost.Url(sid)));
    }
}
