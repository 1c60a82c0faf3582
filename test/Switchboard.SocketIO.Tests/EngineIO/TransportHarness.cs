using System.Net.WebSockets;
using System.Threading.Channels;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>A WebSocket transport over an in-memory stream that counts the writes, with its send loop running.</summary>
internal sealed class TransportHarness : IAsyncDisposable
{
    private readonly Task _loop;

    private TransportHarness(CountingStream wire, WebSocketTransport transport, Channel<QueuedSend> queue)
    {
        Wire = wire;
        Transport = transport;
        Queue = queue;
        _loop = transport.RunSendLoopAsync(queue.Reader);
    }

    public CountingStream Wire { get; }

    public WebSocketTransport Transport { get; }

    public Channel<QueuedSend> Queue { get; }

    public static async Task<TransportHarness> StartAsync(TimeProvider time, WriteCoalescer? coalescer)
    {
        var wire = new CountingStream();
        var stream = new CoalescingStream(wire);
        var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        var transport = new WebSocketTransport(server, stream, time, new EngineIOOptions { MaxPayload = 1_000_000 }, coalescer: coalescer);
        var harness = new TransportHarness(wire, transport, Channel.CreateUnbounded<QueuedSend>());
        await Eventually.TrueAsync(() => transport.IsParked);
        return harness;
    }

    public void Send(string text)
    {
        Queue.Writer.TryWrite(new QueuedSend(EnginePacket.FromMessage(EngineMessage.Text(text))));
        Transport.Notify();
    }

    public async Task<List<string>> CloseAndReadAsync()
    {
        Queue.Writer.Complete();
        Transport.Notify(force: true);
        await _loop.DefaultTimeout();
        var client = WebSocket.CreateFromStream(new MemoryStream(Wire.ToArray()), new WebSocketCreationOptions { IsServer = false });
        var received = new List<string>();
        while (true)
        {
            var (type, data) = await client.ReceiveMessageAsync();
            if (type == WebSocketMessageType.Close)
            {
                return received;
            }

            received.Add(System.Text.Encoding.UTF8.GetString(data));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_loop.IsCompleted)
        {
            Queue.Writer.TryComplete();
            Transport.Notify(force: true);
            await _loop.DefaultTimeout();
        }

        Transport.Dispose();
    }
}
