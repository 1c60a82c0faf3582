using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.Tests.EngineIO;

// The flush tick (EngineIOOptions.WriteCoalescingDelay) on one transport over an in-memory stream, on a fake clock.
public class WriteCoalescerTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task Notify_WithFlushTick_NothingWrittenBeforeTheTickThenOneWriteInOrder()
    {
        var time = new FakeTimeProvider();
        var coalescer = new WriteCoalescer(Delay, time);
        await using var harness = await Harness.StartAsync(time, coalescer);

        for (var i = 0; i < 3; i++)
        {
            harness.Send($"m{i}");
        }

        Assert.Equal(1, coalescer.DirtyCount);
        time.Advance(Delay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, harness.Wire.Writes);

        time.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => harness.Wire.Writes == 1);
        Assert.Equal(0, coalescer.DirtyCount);

        // Marked dirty again by the next send, and written by the next tick.
        await Eventually.TrueAsync(() => harness.Transport.IsParked);
        harness.Send("m3");
        Assert.Equal(1, coalescer.DirtyCount);
        time.Advance(Delay);
        await Eventually.TrueAsync(() => harness.Wire.Writes == 2);

        var received = await harness.CloseAndReadAsync();
        Assert.Equal(["4m0", "4m1", "4m2", "4m3"], received);
    }

    [Fact]
    public async Task Tick_BacklogPastOneBatch_SendLoopWritesTheRestWithoutAnotherTick()
    {
        var time = new FakeTimeProvider();
        var coalescer = new WriteCoalescer(Delay, time);
        await using var harness = await Harness.StartAsync(time, coalescer);
        var text = new string('x', 1000);

        // About 200 kB: more than one batch of 64 kB.
        for (var i = 0; i < 200; i++)
        {
            harness.Send($"{i}:{text}");
        }

        time.Advance(Delay);
        await Eventually.TrueAsync(() => harness.Queue.Reader.Count == 0);
        Assert.True(harness.Wire.Writes >= 3, $"{harness.Wire.Writes} writes");

        var received = await harness.CloseAndReadAsync();
        Assert.Equal(Enumerable.Range(0, 200).Select(i => $"4{i}:{text}"), received);
    }

    [Fact]
    public async Task Tick_ManySockets_EachWrittenOnceByOneTick()
    {
        var time = new FakeTimeProvider();
        var coalescer = new WriteCoalescer(Delay, time);
        var harnesses = new List<Harness>();
        for (var i = 0; i < 20; i++)
        {
            harnesses.Add(await Harness.StartAsync(time, coalescer));
        }

        foreach (var harness in harnesses)
        {
            harness.Send("a");
            harness.Send("b");
        }

        Assert.Equal(20, coalescer.DirtyCount);
        time.Advance(Delay);
        foreach (var harness in harnesses)
        {
            await Eventually.TrueAsync(() => harness.Wire.Writes == 1);
            Assert.Equal(["4a", "4b"], await harness.CloseAndReadAsync());
            await harness.DisposeAsync();
        }
    }

    [Fact]
    public async Task Notify_Forced_WakesTheSendLoopWithoutWaitingForTheTick()
    {
        var time = new FakeTimeProvider();
        var coalescer = new WriteCoalescer(Delay, time);
        await using var harness = await Harness.StartAsync(time, coalescer);

        harness.Send("a");
        harness.Queue.Writer.TryWrite(new QueuedSend(EnginePacket.FromMessage(EngineMessage.Text("b"))));
        harness.Transport.Notify(force: true);

        // Written by the send loop, the clock never moved; the tick that follows finds nothing to write.
        await Eventually.TrueAsync(() => harness.Queue.Reader.Count == 0 && harness.Wire.Writes >= 1);
        time.Advance(Delay);
        Assert.Equal(["4a", "4b"], await harness.CloseAndReadAsync());
    }

    private sealed class Harness : IAsyncDisposable
    {
        private readonly Task _loop;

        private Harness(CountingStream wire, WebSocketTransport transport, Channel<QueuedSend> queue)
        {
            Wire = wire;
            Transport = transport;
            Queue = queue;
            _loop = transport.RunSendLoopAsync(queue.Reader);
        }

        public CountingStream Wire { get; }

        public WebSocketTransport Transport { get; }

        public Channel<QueuedSend> Queue { get; }

        public static async Task<Harness> StartAsync(TimeProvider time, WriteCoalescer coalescer)
        {
            var wire = new CountingStream();
            var stream = new CoalescingStream(wire);
            var server = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
            var transport = new WebSocketTransport(server, stream, time, new EngineIOOptions { MaxPayload = 1_000_000 }, coalescer: coalescer);
            var harness = new Harness(wire, transport, Channel.CreateUnbounded<QueuedSend>());
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

    private sealed class CountingStream : MemoryStream
    {
        private int _writes;

        public int Writes => Volatile.Read(ref _writes);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _writes);
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
