using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// The reading side of a session's send queue as its transports see it: the channel's reader, plus a call back into
/// the session for every send taken, so the session can count the bytes still queued (flow control).
/// </summary>
internal sealed class SendQueueReader(ChannelReader<QueuedSend> inner, Action<QueuedSend> taken) : ChannelReader<QueuedSend>
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

        taken(item);
        return true;
    }

    public override bool TryPeek([MaybeNullWhen(false)] out QueuedSend item) => inner.TryPeek(out item);

    public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => inner.WaitToReadAsync(cancellationToken);
}
