using Switchboard.SocketIO.EngineIO;
using Switchboard.SocketIO.EngineIO.Packets;

namespace Switchboard.SocketIO.Tests.EngineIO;

public class SendQueueTests
{
    private static QueuedSend Send(int i) => new(EnginePacket.FromMessage(EngineMessage.Text(i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    [Fact]
    public void TryWrite_PastCapacityWithWrapAround_RefusedThenReadInOrderWithBytesCounted()
    {
        var queue = new SendQueue(capacity: 10, session: null);
        var next = 0;
        var expected = 0;
        // Interleaved writes and reads move the ring's head around while it grows (4, 8, then 10).
        for (var round = 0; round < 3; round++)
        {
            while (queue.Writer.TryWrite(Send(next)))
            {
                next++;
            }

            Assert.Equal(10, queue.Reader.Count);
            for (var i = 0; i < 7; i++)
            {
                Assert.True(queue.Reader.TryRead(out var send));
                Assert.Equal(expected++.ToString(System.Globalization.CultureInfo.InvariantCulture), send[0].ToMessage().ToString());
            }
        }

        Assert.Equal(3, queue.Reader.Count);
        Assert.Equal(Enumerable.Range(expected, 3).Sum(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1), queue.QueuedBytes);
        while (queue.Reader.TryRead(out var send))
        {
            Assert.Equal(expected++.ToString(System.Globalization.CultureInfo.InvariantCulture), send[0].ToMessage().ToString());
        }

        Assert.Equal(next, expected);
        Assert.Equal(0, queue.QueuedBytes);
    }

    [Fact]
    public async Task WaitToReadAsync_EmptyThenWritten_CompletesTrue()
    {
        var queue = new SendQueue(capacity: 4, session: null);

        var waiting = queue.Reader.WaitToReadAsync().AsTask();
        Assert.False(waiting.IsCompleted);
        Assert.True(queue.Writer.TryWrite(Send(1)));

        Assert.True(await waiting.DefaultTimeout());
    }

    [Fact]
    public async Task TryComplete_WithEntriesLeft_CompletionOnlyOnceDrainedAndWritesRefused()
    {
        var queue = new SendQueue(capacity: 4, session: null);
        Assert.True(queue.Writer.TryWrite(Send(1)));
        var completion = queue.Reader.Completion;

        Assert.True(queue.Writer.TryComplete());

        Assert.False(queue.Writer.TryWrite(Send(2)));
        Assert.False(completion.IsCompleted);
        Assert.True(queue.Reader.TryRead(out _));
        await completion.DefaultTimeout();
        Assert.False(await queue.Reader.WaitToReadAsync().AsTask().DefaultTimeout());
    }

    [Fact]
    public async Task WaitToReadAsync_Cancelled_ThrowsAndNextWaitStillWorks()
    {
        var queue = new SendQueue(capacity: 4, session: null);
        using var cancel = new CancellationTokenSource();

        var first = queue.Reader.WaitToReadAsync(cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.DefaultTimeout());
        var second = queue.Reader.WaitToReadAsync().AsTask();
        Assert.True(queue.Writer.TryWrite(Send(1)));
        Assert.True(await second.DefaultTimeout());
    }
}
