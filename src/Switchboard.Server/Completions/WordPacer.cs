using Switchboard.SocketIO;

namespace Switchboard.Server.Completions;

/// <summary>
/// Paces the words of every <see cref="EchoModel"/> reply with one timer instead of one timer per reply: a reply's
/// word k is due at its start + k × its word delay; the timer fires at the earliest due time rounded up to the
/// pacer's tick (a quarter of the word delay, 1–5 ms), and releases every word due by then, one after another on
/// that thread. Words are never released before they are due (only as early as the runtime's timer itself may fire),
/// and at most one tick late; a reply that fell behind gets its missed words at once.
/// </summary>
internal sealed class WordPacer : IDisposable
{
    private static readonly TimeSpan MinTick = TimeSpan.FromMilliseconds(1);
    private static readonly TimeSpan MaxTick = TimeSpan.FromMilliseconds(5);

    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Lock _lock = new();
    private readonly PriorityQueue<PacedReply, long> _due = new();
    private long _armedFor = long.MaxValue; // the timestamp the timer fires at; MaxValue when it is off

    public WordPacer(TimeProvider time)
    {
        _time = time;
        _timer = time.CreateTimer(static state => ((WordPacer)state!).Fire(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Starts pacing one reply: its first word is due one <paramref name="delay"/> from now.</summary>
    public PacedReply Start(TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        var tick = delay / 4 < MinTick ? MinTick : delay / 4 > MaxTick ? MaxTick : delay / 4;
        return new PacedReply(this, _time.GetTimestamp(), ToTimestampTicks(delay), ToTimestampTicks(tick), cancellationToken);
    }

    public void Dispose() => _timer.Dispose();

    internal long Now => _time.GetTimestamp();

    /// <summary>Queues <paramref name="reply"/>'s wait, released at <paramref name="fireAt"/> (its word's due time rounded up to its tick).</summary>
    internal void Enqueue(PacedReply reply, long fireAt)
    {
        lock (_lock)
        {
            _due.Enqueue(reply, fireAt);
            if (fireAt < _armedFor)
            {
                Arm(fireAt);
            }
        }
    }

    private void Arm(long fireAt)
    {
        _armedFor = fireAt;
        var wait = _time.GetElapsedTime(_time.GetTimestamp(), fireAt);
        _timer.Change(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private void Fire()
    {
        List<PacedReply>? ready = null;
        lock (_lock)
        {
            // Everything the timer was set for, even when the runtime's timer fired a little early, and all that is due.
            var limit = Math.Max(_time.GetTimestamp(), _armedFor);
            _armedFor = long.MaxValue;
            while (_due.TryPeek(out var reply, out var fireAt) && fireAt <= limit)
            {
                _due.Dequeue();
                (ready ??= []).Add(reply);
            }

            if (_due.TryPeek(out _, out var next))
            {
                Arm(next);
            }
        }

        // Outside the lock: each release runs that reply's next word here, which queues its following wait. The words'
        // sends are written by this thread when the tick's releases are done, one write per socket, instead of each
        // send waking its socket's send loop.
        using (DeliveryScope.Open())
        {
            foreach (var reply in ready ?? [])
            {
                reply.Release();
            }
        }
    }

    private long ToTimestampTicks(TimeSpan span) => Math.Max(1, (long)(span.Ticks * (double)_time.TimestampFrequency / TimeSpan.TicksPerSecond));
}
