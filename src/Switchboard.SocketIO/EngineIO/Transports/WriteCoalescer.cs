namespace Switchboard.SocketIO.EngineIO.Transports;

/// <summary>
/// An endpoint's flush tick (<see cref="EngineIOOptions.WriteCoalescingDelay"/>): a WebSocket whose send loop is parked
/// and that gets something queued is marked dirty here instead of waking its send loop; once per delay, one thread writes
/// every dirty socket's queue. Sends to a socket that pile up within the delay (the messages of a busy chat room, the
/// chunks of streamed replies) go out in one write (one syscall), and a burst of events to many sockets costs one thread
/// wake-up instead of one per socket.
/// </summary>
/// <remarks>
/// The price is latency: a send waits at most the delay (plus the time the tick takes) before it is written. What is
/// never delayed: a socket's own replies written by its receive loop after a handler (acks), a socket whose send loop is
/// already writing (it looks at the queue again before parking), and everything past the first batch of a big backlog
/// (the tick writes one batch, then wakes the send loop for the rest).
/// <para>
/// On the system clock the tick runs on a thread of its own that sleeps for the delay, as Kestrel's heartbeat does: a
/// timer would hand every tick to a thread-pool worker, which after the tick spins (sched_yield) looking for more work;
/// on a busy 2-core machine that spinning cost more CPU than the writes it saved. The thread exits after a while without
/// dirty sockets and is started again by the next one. Any other <see cref="TimeProvider"/> (tests) gets a one-shot
/// timer from it, armed by the first dirty socket.
/// </para>
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage(
    "Design",
    "CA1001:Types that own disposable fields should be disposable",
    Justification = "The timer lives as long as its endpoint, which is not disposable; it is one-shot, so an idle one holds nothing.")]
internal sealed class WriteCoalescer
{
    private readonly TimeSpan _delay;
    // The tick thread exits after this long without a dirty socket.
    private readonly TimeSpan _idleExit;
    private readonly ITimer? _timer;
    private readonly object _lock = new();
    private List<WebSocketTransport> _dirty = [];
    private List<WebSocketTransport>? _spare = [];
    private bool _armed;
    private bool _threadIdle;

    /// <param name="delay">The tick.</param>
    /// <param name="time">The clock: the system's runs the tick thread, any other a timer.</param>
    /// <param name="idleExit">How long the tick thread waits for a dirty socket before it ends (2 s; for tests).</param>
    public WriteCoalescer(TimeSpan delay, TimeProvider time, TimeSpan? idleExit = null)
    {
        _delay = delay;
        _idleExit = idleExit ?? TimeSpan.FromSeconds(2);
        if (time != TimeProvider.System)
        {
            _timer = time.CreateTimer(static state => ((WriteCoalescer)state!).Tick(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
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
            if (_timer is not null)
            {
                if (!_armed)
                {
                    _armed = true;
                    _timer.Change(_delay, Timeout.InfiniteTimeSpan);
                }
            }
            else if (!_armed)
            {
                // No tick thread: start one (it sleeps for the delay first).
                _armed = true;
                new Thread(static state => ((WriteCoalescer)state!).RunTicks())
                {
                    IsBackground = true,
                    Name = "Engine.IO flush tick",
                }.UnsafeStart(this);
            }
            else if (_threadIdle)
            {
                _threadIdle = false;
                Monitor.Pulse(_lock);
            }
        }
    }

    /// <summary>Whether a tick is due: the timer is armed or the tick thread runs (for tests).</summary>
    public bool IsTicking
    {
        get
        {
            lock (_lock)
            {
                return _armed;
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

    // The tick thread (system clock): sleep for the delay, write what is dirty, repeat; wait while nothing is dirty.
    private void RunTicks()
    {
        while (true)
        {
            Thread.Sleep(_delay);
            Flush();
            lock (_lock)
            {
                if (_dirty.Count == 0)
                {
                    // Woken by Add (Pulse) when a socket gets dirty; otherwise the thread ends.
                    _threadIdle = true;
                    Monitor.Wait(_lock, _idleExit);
                    _threadIdle = false;
                    if (_dirty.Count == 0)
                    {
                        _armed = false;
                        return;
                    }
                }
            }
        }
    }

    // The timer's callback (any other clock). A socket marked dirty while this runs arms the timer again and waits for
    // the next tick, so two ticks may overlap: each takes its own list.
    private void Tick()
    {
        lock (_lock)
        {
            _armed = false;
        }

        Flush();
    }

    private void Flush()
    {
        List<WebSocketTransport> due;
        lock (_lock)
        {
            due = _dirty;
            _dirty = _spare ?? [];
            _spare = null;
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
