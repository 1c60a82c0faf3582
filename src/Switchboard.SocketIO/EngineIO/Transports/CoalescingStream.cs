using System.Buffers;
using System.Diagnostics;
using Switchboard.SocketIO.EngineIO.Packets;
using Switchboard.SocketIO.EngineIO.Parsing;

namespace Switchboard.SocketIO.EngineIO.Transports;

/// <summary>
/// Wraps the upgraded connection stream under a <see cref="System.Net.WebSockets.WebSocket"/> so that frames written
/// between <see cref="BeginBatch"/> and <see cref="EndBatchAsync"/> reach the connection in one write (one flush,
/// one syscall) instead of one per frame. Outside a batch, writes go straight through.
/// </summary>
internal sealed class CoalescingStream : Stream
{
    private readonly Stream _inner;
    // A batch buffer that grew past this is dropped after use, so an idle connection keeps only a small one.
    private const int RetainedBatchCapacity = 16 * 1024;

    private ArrayBufferWriter<byte> _batch = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly bool _writesFlush;
    private bool _batching;

    /// <param name="inner">The upgraded connection stream.</param>
    /// <param name="writesFlush">
    /// Whether every write of <paramref name="inner"/> already flushes to the connection (Kestrel's HTTP/1.1 upgrade
    /// stream does: each write ends in a pipe flush), so a batch costs one call into the server instead of two.
    /// </param>
    public CoalescingStream(Stream inner, bool writesFlush = false)
    {
        _inner = inner;
        _writesFlush = writesFlush;
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Starts collecting writes. Only the session's one send loop calls this.</summary>
    public void BeginBatch()
    {
        lock (_gate)
        {
            _batching = true;
        }
    }

    /// <summary>Writes everything collected since <see cref="BeginBatch"/> in one write.</summary>
    public async ValueTask EndBatchAsync(CancellationToken cancellationToken)
    {
        ReadOnlyMemory<byte> pending;
        lock (_gate)
        {
            _batching = false;
            pending = _batch.WrittenMemory;
        }

        try
        {
            if (!pending.IsEmpty)
            {
                await WriteThroughAsync(pending, cancellationToken);
            }
        }
        finally
        {
            // No write appends while not batching, and the next batch starts only after this returns.
            if (_batch.Capacity > RetainedBatchCapacity)
            {
                _batch = new ArrayBufferWriter<byte>();
            }
            else
            {
                _batch.ResetWrittenCount();
            }
        }
    }

    /// <summary>
    /// Adds one whole WebSocket frame for <paramref name="packet"/> to the current batch, encoded here rather than by
    /// the <see cref="System.Net.WebSockets.WebSocket"/> (no per-frame send call, lock or cancellation registration).
    /// Frames the WebSocket writes itself (pong, close) are whole writes too, so frames never interleave.
    /// </summary>
    public void AppendFrame(in EnginePacket packet)
    {
        lock (_gate)
        {
            Debug.Assert(_batching, "Frames are appended only between BeginBatch and EndBatchAsync.");
            EnginePacketWriter.WriteServerFrame(packet, _batch);
        }
    }

    /// <summary>The bytes collected in the current batch (to bound a batch's size).</summary>
    public int BatchedBytes
    {
        get
        {
            lock (_gate)
            {
                return _batch.WrittenCount;
            }
        }
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_batching)
            {
                _batch.Write(buffer.Span);
                return ValueTask.CompletedTask;
            }
        }

        return WriteThroughAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("Synchronous writes are not used by the WebSocket transport.");

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_batching)
            {
                return Task.CompletedTask;
            }
        }

        return _inner.FlushAsync(cancellationToken);
    }

    public override void Flush()
    {
        // Writes through are flushed by the connection stream itself.
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        // _writeLock is not disposed: an abort disposes this stream while a write may still hold or wait for the lock,
        // and a SemaphoreSlim whose wait handle was never used has nothing to release.
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await _inner.DisposeAsync();
        await base.DisposeAsync();
    }

    // The WebSocket serializes its own frame writes, but a control frame (a pong or close from the receive side)
    // may go through while a batch is written: the lock keeps whole writes from interleaving.
    private async ValueTask WriteThroughAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _inner.WriteAsync(buffer, cancellationToken);
            if (!_writesFlush)
            {
                await _inner.FlushAsync(cancellationToken);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
