namespace Switchboard.SocketIO.EngineIO.Transports;

/// <summary>
/// An endpoint's flush tick (<see cref="EngineIOOptions.WriteCoalescingDelay"/>): a WebSocket whose send loop is parked
/// and that gets something queued is marked dirty here instead of waking its send loop; one timer per endpoint, armed
/// by the first dirty socket, writes every dirty socket's queue after the delay, on the timer's thread. Sends to a
/// socket that pile up within the delay (the messages of a busy chat room, the chunks of streamed replies) go out in one
/// write (one syscall), and a burst of events to many sockets costs one thread wake-up instead of one per socket.
/// </summary>
/// <remarks>
/// The price is latency: a send waits at most the delay (plus the timer's own lateness) before it is written. What is
/// never delayed: a socket's own replies written by its receive loop after a handler (acks), a socket whose send loop is
/// already writing (it looks at the queue again before parking), and everything past the first batch of a big backlog
/// (the tick writes one batch, then wakes the send loop for the rest). The timer is idle, not periodic, when nothing is
/// dirty.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The timer lives as long as its endpoint, which is not disposable; it is one-shot, so an idle one holds nothing.")]
internal sealed class WriteCoalescer
{
    private readonly TimeSpan _delay;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private List<WebSocketTransport> _dirty = [];
    private List<WebSocketTransport>? _spare = [];
    private bool _armed;

    public WriteCoalescer(TimeSpan delay, TimeProvider time)
    {
        _delay = delay;
        _timer = time.CreateTimer(static state => ((WriteCoalescer)state!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>The delay of the tick.</summary>
    public TimeSpan Delay => _delay;

    /// <summary>
    /// Marks a socket dirty; the socket set its enlisted flag first, so it is here at most once per tick.
    /// </summary>
    public void Add(WebSocketTransport transport)
    {
        lock (_lock)
        {
            _dirty.Add(transport);
            if (!_armed)
            {
                _armed = true;
                _timer.Change(_delay, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>The sockets waiting for the next tick (for tests).</summary>
    public int DirtyCount
    {
        get
        {
            lock (_lock)
            {
                return _dirty.Count;
            }
        }
    }

    // On the timer's thread. A socket marked dirty while this runs arms the timer again and waits for the next tick, so
    // two ticks may overlap: each takes its own list.
    private void Tick()
    {
        List<WebSocketTransport> due;
        lock (_lock)
        {
            due = _dirty;
            _dirty = _spare ?? [];
            _spare = null;
            _armed = false;
        }

        foreach (var transport in due)
        {
            // Writes what is queued when no other write is in progress; never throws (a failed write closes its session).
            transport.FlushEnlisted();
        }

        due.Clear();
        lock (_lock)
        {
            _spare ??= due;
        }
    }
}
