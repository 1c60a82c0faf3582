using Switchboard.SocketIO.EngineIO.Transports;

namespace Switchboard.SocketIO.Adapters;

// The seam for a scale-out adapter's own receive loop (a Redis subscription read on a connection of its own): what it
// delivers synchronously between Enter and Exit is written by that loop's thread at the next Flush, as a Socket.IO
// receive loop does with its handlers' broadcasts (DeferredFlushes), instead of waking each recipient's send loop.
public partial class InMemoryAdapter
{
    /// <summary>
    /// Opens this thread's delivery batch: sends that <see cref="BroadcastLocally"/> (or anything else running
    /// synchronously on this thread) queues until <see cref="ExitDeliveryBatch"/> are written by this thread at the next
    /// <see cref="FlushDeliveryBatch"/> instead of waking each recipient's send loop.
    /// </summary>
    /// <remarks>
    /// For a loop that owns its thread between waits: call <see cref="ExitDeliveryBatch"/> before anything else can run on
    /// the thread, and <see cref="FlushDeliveryBatch"/> before every wait, so nothing enlisted waits longer than the
    /// loop's own synchronous work.
    /// </remarks>
    protected static void EnterDeliveryBatch() => DeferredFlushes.Enter();

    /// <summary>Closes this thread's delivery batch (what it holds waits for <see cref="FlushDeliveryBatch"/>).</summary>
    protected static void ExitDeliveryBatch() => DeferredFlushes.Exit();

    /// <summary>Writes (or hands to their send loops) everything this thread's delivery batch holds; call before waiting.</summary>
    protected static void FlushDeliveryBatch() => DeferredFlushes.FlushAll();

    /// <summary>
    /// Defers <paramref name="flush"/> to the end of this thread's batch when one is open (a Socket.IO receive loop
    /// running a handler, or a delivery batch): it runs once at the batch's next flush, before the thread waits, however
    /// often it was deferred. For a scale-out adapter that gathers the publishes of one batch into one write.
    /// False, and nothing deferred, when no batch is open: the caller then flushes at once.
    /// </summary>
    /// <remarks>Pass the same delegate instance each time (a cached one) so repeated deferrals run it once.</remarks>
    protected static bool TryDeferToBatchEnd(Action flush)
    {
        ArgumentNullException.ThrowIfNull(flush);
        return DeferredFlushes.TryAddCallback(flush);
    }
}
