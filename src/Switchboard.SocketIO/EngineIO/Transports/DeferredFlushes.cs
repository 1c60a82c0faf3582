namespace Switchboard.SocketIO.EngineIO.Transports;

/// <summary>
/// The WebSockets that a receive loop's handler queued sends for (a broadcast) and that it writes itself, on its own
/// thread, before it next waits: instead of waking each recipient's send loop (a thread-pool hop per recipient), and
/// so that what several messages already read from one client queue for the same recipient goes out in one write.
/// </summary>
/// <remarks>
/// Thread-bound: a receive loop opens it (<see cref="Enter"/>) only around code that runs synchronously on its thread,
/// closes it (<see cref="Exit"/>) before anything else can run there, and calls <see cref="FlushAll"/> before every wait
/// (the next receive, an asynchronous handler, a busy write), so nothing enlisted waits longer than the loop's own
/// synchronous work. A send queued on any other thread wakes the send loop as before.
/// Bounded both ways: at most <see cref="MaxEnlisted"/> sockets (beyond, a big room's other members are woken as before,
/// so their send loops write in parallel on a many-core server), and the receive loop flushes after
/// <see cref="MaxMessagesPerFlush"/> messages even when more are already read (a client that pipelines many
/// messages does not hold back what the first ones sent).
/// </remarks>
internal sealed class DeferredFlushes
{
    public const int MaxEnlisted = 256;
    public const int MaxMessagesPerFlush = 16;

    [ThreadStatic]
    private static DeferredFlushes? t_current;

    private readonly List<WebSocketTransport> _enlisted = [];
    private readonly List<Action> _callbacks = [];
    private bool _active;

    /// <summary>Opens this thread's collection for a handler about to run synchronously.</summary>
    public static void Enter() => (t_current ??= new DeferredFlushes())._active = true;

    /// <summary>Closes the collection (what it holds still waits for <see cref="FlushAll"/>).</summary>
    public static void Exit()
    {
        if (t_current is { } current)
        {
            current._active = false;
        }
    }

    /// <summary>Writes (or hands to their send loops) everything enlisted on this thread; call before waiting.</summary>
    public static void FlushAll()
    {
        var current = t_current;
        if (current is null || (current._enlisted.Count == 0 && current._callbacks.Count == 0))
        {
            return;
        }

        var wasActive = current._active;
        current._active = false;
        try
        {
            // Indexed: a flush that completes a continuation inline can enlist nothing (inactive), but stays safe.
            for (var i = 0; i < current._enlisted.Count; i++)
            {
                current._enlisted[i].FlushEnlisted();
            }

            for (var i = 0; i < current._callbacks.Count; i++)
            {
                current._callbacks[i]();
            }
        }
        finally
        {
            current._enlisted.Clear();
            current._callbacks.Clear();
            current._active = wasActive;
        }
    }

    /// <summary>Whether a collection is open on this thread (with or without room).</summary>
    public static bool IsActive => t_current is { _active: true };

    /// <summary>Whether a collection is open on this thread and has room.</summary>
    public static bool IsOpen => t_current is { _active: true } current && current._enlisted.Count < MaxEnlisted;

    /// <summary>
    /// Runs <paramref name="flush"/> at this thread's next <see cref="FlushAll"/> (once, however often it is added before
    /// that) when a collection is open; false, and nothing added, otherwise.
    /// </summary>
    public static bool TryAddCallback(Action flush)
    {
        if (t_current is not { _active: true } current)
        {
            return false;
        }

        if (!current._callbacks.Contains(flush))
        {
            current._callbacks.Add(flush);
        }

        return true;
    }

    /// <summary>Adds a socket that found <see cref="IsOpen"/> and marked itself enlisted (once per flush).</summary>
    // IsOpen was true on this same thread just before, so the collection exists.
    public static void Add(WebSocketTransport transport) => t_current!._enlisted.Add(transport);
}
