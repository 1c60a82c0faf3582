namespace Switchboard.Server.Scaling;

/// <summary>
/// A background loop that runs on one instance at a time: it takes a lease, renews it every third of its lifetime,
/// and does its work every <see cref="Interval"/> while it holds it. Another instance takes over within one lease after
/// the holder dies (the lease expires; the others try every third of a lease). Every error (acquire, renew, the work's
/// scan and delete) is logged and counted, and the loop goes on: it never ends before the host stops (G9). A holder
/// that could not renew for a whole lease stops working until it holds the lease again.
/// </summary>
internal sealed partial class LeasedLoop(
    string key,
    string owner,
    TimeSpan lease,
    TimeSpan interval,
    ILeaseStore store,
    Func<CancellationToken, Task> work,
    TimeProvider time,
    ILogger logger)
{
    private long _passes;
    private long _failures;
    private DateTimeOffset _heldUntil = DateTimeOffset.MinValue;
    private DateTimeOffset _renewedAt;
    private DateTimeOffset _workedAt = DateTimeOffset.MinValue;

    public string Key => key;

    public TimeSpan Interval => interval;

    /// <summary>Work passes completed.</summary>
    public long Passes => Interlocked.Read(ref _passes);

    /// <summary>Errors caught (acquire, renew or work).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Whether this instance holds the lease now, as far as it knows.</summary>
    public bool IsHolder => time.GetUtcNow() < _heldUntil;

    private TimeSpan Tick => TimeSpan.FromTicks(Math.Min(interval.Ticks, lease.Ticks / 3));

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await StepAsync(stoppingToken);
                await Task.Delay(Tick, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        if (IsHolder)
        {
            try
            {
                await store.ReleaseAsync(key, owner, CancellationToken.None);
            }
#pragma warning disable CA1031 // Shutting down: the lease expires anyway.
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }
    }

    /// <summary>One turn: acquire or renew as due, then work if due. Never throws but for cancellation.</summary>
    internal async Task StepAsync(CancellationToken cancellationToken)
    {
        try
        {
            var now = time.GetUtcNow();
            if (!IsHolder)
            {
                if (await store.TryAcquireAsync(key, owner, lease, cancellationToken))
                {
                    Hold(now);
                    Log.Acquired(logger, key);
                }
            }
            else if (now - _renewedAt >= lease / 3)
            {
                if (await store.RenewAsync(key, owner, lease, cancellationToken))
                {
                    Hold(now);
                }
                else
                {
                    _heldUntil = DateTimeOffset.MinValue;
                    Log.Lost(logger, key);
                }
            }

            if (IsHolder && time.GetUtcNow() - _workedAt >= interval)
            {
                _workedAt = time.GetUtcNow();
                await work(cancellationToken);
                Interlocked.Increment(ref _passes);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The loop outlives any error: logged, counted, tried again next turn.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _failures);
            Log.Failed(logger, key, ex.GetType().Name, ex.Message);
        }
    }

    private void Hold(DateTimeOffset now)
    {
        _renewedAt = now;
        _heldUntil = now + lease;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Took the lease {Key}.", EventName = "LeaseAcquired")]
        public static partial void Acquired(ILogger logger, string key);

        [LoggerMessage(2, LogLevel.Warning, "Lost the lease {Key} to another instance.", EventName = "LeaseLost")]
        public static partial void Lost(ILogger logger, string key);

        [LoggerMessage(3, LogLevel.Warning, "Loop under {Key} failed ({Type}: {Message}); it goes on.", EventName = "LoopFailed")]
        public static partial void Failed(ILogger logger, string key, string type, string message);
    }
}
