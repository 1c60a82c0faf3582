using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// A session's bounded send queue that counts the bytes it holds (<c>engineio.server.send_queue.size</c>) and reports
/// packets and bytes as the transport takes them to write (<c>engineio.server.packets</c>/<c>io</c>, transmit).
/// Everything else is the inner channel's.
/// </summary>
internal sealed class SendQueue : Channel<QueuedSend>
{
    private long _bytes;
    private int _entries;

    public SendQueue(Channel<QueuedSend> inner, EngineSession session)
    {
        Reader = new CountingReader(inner.Reader, this, session);
        Writer = new CountingWriter(inner.Writer, this);
    }

    public long QueuedBytes => Volatile.Read(ref _bytes);

    /// <summary>The entries queued, read without the channel's lock (flow control checks it on every send).</summary>
    public int QueuedEntries => Volatile.Read(ref _entries);

    private sealed class CountingWriter(ChannelWriter<QueuedSend> inner, SendQueue queue) : ChannelWriter<QueuedSend>
    {
        public override bool TryWrite(QueuedSend item)
        {
            // Counted before the write so a reader that takes it at once never sees the count go negative.
            long bytes = item.Bytes;
            Interlocked.Add(ref queue._bytes, bytes);
            Interlocked.Increment(ref queue._entries);
            if (inner.TryWrite(item))
            {
                return true;
            }

            Interlocked.Decrement(ref queue._entries);
            Interlocked.Add(ref queue._bytes, -bytes);
            return false;
        }

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) => inner.WaitToWriteAsync(cancellationToken);

        public override bool TryComplete(Exception? error = null) => inner.TryComplete(error);
    }

    private sealed class CountingReader(ChannelReader<QueuedSend> inner, SendQueue queue, EngineSession session) : ChannelReader<QueuedSend>
    {
        public override Task Completion => inner.Completion;

        public override bool CanCount => inner.CanCount;

        public override bool CanPeek => inner.CanPeek;

        public override int Count => inner.Count;

        public override bool TryRead([MaybeNullWhen(false)] out QueuedSend item)
        {
            if (!inner.TryRead(out item))
            {
                return false;
            }

            long bytes = item.Bytes;
            Interlocked.Add(ref queue._bytes, -bytes);
            Interlocked.Decrement(ref queue._entries);
            session.RecordTraffic("transmit", item.Count, bytes);
            session.OnDequeued();
            return true;
        }

        public override bool TryPeek([MaybeNullWhen(false)] out QueuedSend item) => inner.TryPeek(out item);

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);
    }
}
