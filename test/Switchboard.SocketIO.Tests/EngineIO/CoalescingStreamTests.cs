using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.Tests.EngineIO;

public class CoalescingStreamTests
{
    [Fact]
    public async Task WriteAsync_InsideBatch_OneWriteToConnection()
    {
        var inner = new CountingStream();
        await using var stream = new CoalescingStream(inner);

        stream.BeginBatch();
        await stream.WriteAsync(new byte[] { 1, 2 });
        await stream.WriteAsync(new byte[] { 3 });
        await stream.WriteAsync(new byte[] { 4, 5, 6 });
        Assert.Equal(0, inner.Writes);
        await stream.EndBatchAsync(CancellationToken.None);

        Assert.Equal(1, inner.Writes);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, inner.ToArray());
    }

    [Fact]
    public async Task WriteAsync_OutsideBatch_WrittenThrough()
    {
        var inner = new CountingStream();
        await using var stream = new CoalescingStream(inner);

        await stream.WriteAsync(new byte[] { 1 });
        await stream.WriteAsync(new byte[] { 2 });

        Assert.Equal(2, inner.Writes);
        Assert.Equal(new byte[] { 1, 2 }, inner.ToArray());
    }

    [Fact]
    public async Task EndBatchAsync_EmptyBatch_NoWrite()
    {
        var inner = new CountingStream();
        await using var stream = new CoalescingStream(inner);

        stream.BeginBatch();
        await stream.EndBatchAsync(CancellationToken.None);

        Assert.Equal(0, inner.Writes);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 0)]
    public async Task EndBatchAsync_WritesFlushOrNot_FlushesOnlyWhenWritesDoNot(bool writesFlush, int expectedFlushes)
    {
        var inner = new CountingStream();
        await using var stream = new CoalescingStream(inner, writesFlush);

        stream.BeginBatch();
        await stream.WriteAsync(new byte[] { 1, 2 });
        await stream.WriteAsync(new byte[] { 3 });
        await stream.EndBatchAsync(CancellationToken.None);

        Assert.Equal(1, inner.Writes);
        Assert.Equal(expectedFlushes, inner.Flushes);
        Assert.Equal(new byte[] { 1, 2, 3 }, inner.ToArray());
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public int Flushes { get; private set; }

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return base.FlushAsync(cancellationToken);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
