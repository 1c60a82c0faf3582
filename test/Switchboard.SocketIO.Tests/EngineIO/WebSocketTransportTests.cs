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
        using var transport = new WebSocketTransport(server, stream, TimeProvider.System, maxPayload: 1000);
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

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
