using Microsoft.Extensions.Time.Testing;
using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.Tests.EngineIO;

// The flush tick (EngineIOOptions.WriteCoalescingDelay) on transports over in-memory streams: on a fake clock (the
// timer), and on the system clock (the tick thread).
public class WriteCoalescerTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(5);

    [Fact]
    public async Task Notify_WithFlushTick_NothingWrittenBeforeTheTickThenOneWriteInOrder()
    {
        var time = new FakeTimeProvider();
        var coalescer = new WriteCoalescer(Delay, time);
        await using var harness = await TransportHarness.StartAsync(time, coalescer);

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
        await using var harness = await TransportHarness.StartAsync(time, coalescer);
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
        var harnesses = new List<TransportHarness>();
        for (var i = 0; i < 20; i++)
        {
            harnesses.Add(await TransportHarness.StartAsync(time, coalescer));
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
        await using var harness = await TransportHarness.StartAsync(time, coalescer);

        harness.Send("a");
        harness.Queue.Writer.TryWrite(new QueuedSend(EnginePacket.FromMessage(EngineMessage.Text("b"))));
        harness.Transport.Notify(force: true);

        // Written by the send loop, the clock never moved; the tick that follows finds nothing to write.
        await Eventually.TrueAsync(() => harness.Queue.Reader.Count == 0 && harness.Wire.Writes >= 1);
        time.Advance(Delay);
        Assert.Equal(["4a", "4b"], await harness.CloseAndReadAsync());
    }

    [Fact]
    public async Task TickThread_SystemClock_WritesThenEndsWhenIdleAndStartsAgain()
    {
        var coalescer = new WriteCoalescer(Delay, TimeProvider.System, idleExit: TimeSpan.FromMilliseconds(50));
        await using var harness = await TransportHarness.StartAsync(TimeProvider.System, coalescer);

        for (var round = 0; round < 3; round++)
        {
            harness.Send($"a{round}");
            harness.Send($"b{round}");
            Assert.True(coalescer.IsTicking);
            await Eventually.TrueAsync(() => harness.Wire.Writes == round + 1);
            // Nothing more is dirty: the thread ends, and the next send starts another.
            await Eventually.TrueAsync(() => !coalescer.IsTicking && harness.Transport.IsParked);
        }

        Assert.Equal(["4a0", "4b0", "4a1", "4b1", "4a2", "4b2"], await harness.CloseAndReadAsync());
    }
}
