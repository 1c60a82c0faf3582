using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// A session's bounded send queue (many writers, one reader at a time): a ring under one lock that counts the bytes
/// it holds (<c>engineio.server.send_queue.size</c>) and reports packets and bytes as the transport takes them to
/// write (<c>engineio.server.packets</c>/<c>io</c>, transmit).
/// </summary>
/// <remarks>
/// Lighter than a bounded <see cref="Channel"/> (about 900 bytes per session before the first send, and whose ring
/// never shrinks): this ring starts empty, grows by doubling up to the capacity, and is dropped again when a burst has
/// drained, so an idle session holds no buffer. The reader never blocks on it: the WebSocket send loop parks on its own
/// signal and only a polling GET waits (<see cref="ChannelReader{T}.WaitToReadAsync"/>). Writers never wait either
/// (flow control is <see cref="IEngineConnection.WaitForCapacityAsync"/>); a full queue refuses.
/// </remarks>
internal sealed class SendQueue : Channel<QueuedSend>
{
    // A ring that grew past this is dropped once drained.
    private const int RetainedEntries = 16;

    private readonly Lock _lock = new();
    private readonly int _capacity;
    private readonly EngineSession? _session;
    private QueuedSend[] _items = [];
    private int _head;
    private int _count;
    private bool _completed;
    private TaskCompletionSource? _completion;
    private TaskCompletionSource<bool>? _readWaiter;
    private long _bytes;

    /// <param name="capacity">The most entries queued at once.</param>
    /// <param name="session">The session whose traffic is counted and whose producers wait for capacity (none in unit tests).</param>
    public SendQueue(int capacity, EngineSession? session)
    {
        _capacity = capacity;
        _session = session;
        Reader = new QueueReader(this);
        Writer = new QueueWriter(this);
    }

    public long QueuedBytes => Volatile.Read(ref _bytes);

    /// <summary>The entries queued, read without the lock (flow control checks it on every send).</summary>
    public int QueuedEntries => Volatile.Read(ref _count);

    private bool TryWrite(in QueuedSend item)
    {
        TaskCompletionSource<bool>? waiter;
        lock (_lock)
        {
            if (_completed || _count >= _capacity)
            {
                return false;
            }

            if (_count == _items.Length)
            {
                Grow();
            }

            _items[(_head + _count) % _items.Length] = item;
            // Counted before the entry is visible to the reader (which reads under the lock), so never negative.
            Interlocked.Add(ref _bytes, item.Bytes);
            Volatile.Write(ref _count, _count + 1);
            waiter = _readWaiter;
            _readWaiter = null;
        }

        waiter?.TrySetResult(true);
        return true;
    }

    private void Grow()
    {
        var bigger = new QueuedSend[Math.Min(_capacity, Math.Max(4, _items.Length * 2))];
        for (var i = 0; i < _count; i++)
        {
            bigger[i] = _items[(_head + i) % _items.Length];
        }

        _items = bigger;
        _head = 0;
    }

    private bool TryRead([MaybeNullWhen(false)] out QueuedSend item)
    {
        TaskCompletionSource? completion = null;
        lock (_lock)
        {
            if (_count == 0)
            {
                item = default;
                return false;
            }

            item = _items[_head];
            _items[_head] = default;
            _head = (_head + 1) % _items.Length;
            Volatile.Write(ref _count, _count - 1);
            Interlocked.Add(ref _bytes, -item.Bytes);
            if (_count == 0)
            {
                _head = 0;
                if (_items.Length > RetainedEntries)
                {
                    _items = [];
                }

                if (_completed)
                {
                    completion = _completion;
                }
            }
        }

        completion?.TrySetResult();
        _session?.RecordTraffic("transmit", item.Count, item.Bytes);
        _session?.OnDequeued();
        return true;
    }

    private bool TryComplete()
    {
        TaskCompletionSource<bool>? waiter;
        TaskCompletionSource? completion;
        lock (_lock)
        {
            if (_completed)
            {
                return false;
            }

            _completed = true;
            waiter = _readWaiter;
            _readWaiter = null;
            completion = _count == 0 ? _completion : null;
        }

        waiter?.TrySetResult(false);
        completion?.TrySetResult();
        return true;
    }

    // Completes once the queue is completed and drained, like a channel's.
    private Task Completion
    {
        get
        {
            lock (_lock)
            {
                if (_completed && _count == 0)
                {
                    return Task.CompletedTask;
                }

                return (_completion ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    private ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        Task<bool> waiting;
        lock (_lock)
        {
            if (_count > 0)
            {
                return new(true);
            }

            if (_completed)
            {
                return new(false);
            }

            // One reader at a time: a waiter that was cancelled is replaced.
            if (_readWaiter is null || _readWaiter.Task.IsCompleted)
            {
                _readWaiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            waiting = _readWaiter.Task;
        }

        return cancellationToken.CanBeCanceled ? new(waiting.WaitAsync(cancellationToken)) : new(waiting);
    }

    private sealed class QueueWriter(SendQueue queue) : ChannelWriter<QueuedSend>
    {
        public override bool TryWrite(QueuedSend item) => queue.TryWrite(item);

        public override bool TryComplete(Exception? error = null) => queue.TryComplete();

        // Producers never wait on the queue itself: flow control is IEngineConnection.WaitForCapacityAsync.
        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
            throw new NotSupportedException("The send queue does not wait for room; use IEngineConnection.WaitForCapacityAsync.");
    }

    private sealed class QueueReader(SendQueue queue) : ChannelReader<QueuedSend>
    {
        public override Task Completion => queue.Completion;

        public override bool CanCount => true;

        public override int Count => queue.QueuedEntries;

        public override bool TryRead([MaybeNullWhen(false)] out QueuedSend item) => queue.TryRead(out item);

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => queue.WaitToReadAsync(cancellationToken);
    }
}
