using System.Net.WebSockets;
using System.Threading.Channels;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.Tests.EngineIO;

public class WebSocketTransportTests
{
    [Fact]
    public async Task RunSendLoopAsync_PacketsQueuedTogether_OneWriteThenCloseFrame()
    {
        var wire = new CountingStream();
        var stream = new CoalescingStream(wire);
        var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        using var transport = new WebSocketTransport(server, stream, TimeProvider.System, new EngineIOOptions { MaxPayload = 1000 });
        var queue = Channel.CreateUnbounded<QueuedSend>();
        queue.Writer.TryWrite(new QueuedSend([
            EnginePacket.FromMessage(EngineMessage.Text("51-[\"x\",{\"_placeholder\":true,\"num\":0}]")),
            EnginePacket.FromMessage(EngineMessage.Binary(new byte[] { 1, 2, 3 })),
        ]));
        queue.Writer.TryWrite(new QueuedSend(EnginePacket.Ping));
        queue.Writer.Complete();

        await transport.RunSendLoopAsync(queue.Reader).DefaultTimeout();

        // One write (one flush) for the three frames, one for the close frame.
        Assert.Equal(2, wire.Writes);
        var client = WebSocket.CreateFromStream(new MemoryStream(wire.ToArray()), new WebSocketCreationOptions { IsServer = false });
        Assert.Equal("451-[\"x\",{\"_placeholder\":true,\"num\":0}]", await client.ReceiveTextAsync());
        var (type, data) = await client.ReceiveMessageAsync();
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(new byte[] { 1, 2, 3 }, data);
        Assert.Equal("2", await client.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task FlushInlineAsync_PacketsQueuedWhileDeferred_OneWriteOnTheCallerWithoutTheSendLoop()
    {
        var wire = new CountingStream();
        var stream = new CoalescingStream(wire);
        var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        using var transport = new WebSocketTransport(server, stream, TimeProvider.System, new EngineIOOptions { MaxPayload = 1000 });
        var queue = Channel.CreateUnbounded<QueuedSend>();

        transport.BeginDefer();
        queue.Writer.TryWrite(new QueuedSend(EnginePacket.FromMessage(EngineMessage.Text("a"))));
        transport.Notify();
        queue.Writer.TryWrite(new QueuedSend(EnginePacket.FromMessage(EngineMessage.Text("b"))));
        transport.Notify();
        transport.EndDefer();
        await transport.FlushInlineAsync(queue.Reader).AsTask().DefaultTimeout();

        Assert.Equal(1, wire.Writes);
        Assert.Equal(0, queue.Reader.Count);
        var client = WebSocket.CreateFromStream(new MemoryStream(wire.ToArray()), new WebSocketCreationOptions { IsServer = false });
        Assert.Equal("4a", await client.ReceiveTextAsync());
        Assert.Equal("4b", await client.ReceiveTextAsync());
    }

    [Fact]
    public async Task RunSendLoopAsync_ParkedThenNotified_WritesThenClosesWhenForcedAfterComplete()
    {
        var wire = new CountingStream();
        var stream = new CoalescingStream(wire);
        var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        using var transport = new WebSocketTransport(server, stream, TimeProvider.System, new EngineIOOptions { MaxPayload = 1000 });
        var queue = Channel.CreateUnbounded<QueuedSend>();
        var loop = transport.RunSendLoopAsync(queue.Reader);

        queue.Writer.TryWrite(new QueuedSend(EnginePacket.FromMessage(EngineMessage.Text("a"))));
        transport.Notify();
        await Eventually.TrueAsync(() => wire.Writes == 1);
        Assert.False(loop.IsCompleted);

        queue.Writer.Complete();
        transport.Notify(force: true);
        await loop.DefaultTimeout();

        Assert.Equal(2, wire.Writes);
        var client = WebSocket.CreateFromStream(new MemoryStream(wire.ToArray()), new WebSocketCreationOptions { IsServer = false });
        Assert.Equal("4a", await client.ReceiveTextAsync());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await client.ReceiveCloseAsync());
    }
}
