namespace Switchboard.SocketIO.EngineIO;

/// <summary>The one polling GET a session may have waiting for packets.</summary>
internal sealed class PendingPoll : IDisposable
{
    private readonly CancellationTokenSource _wake;
    private ITimer? _noopTimer;
    private int _release;

    public PendingPoll(CancellationToken requestAborted)
    {
        _wake = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
    }

    /// <summary>Cancelled when the GET must stop waiting: released, session closed, or request aborted.</summary>
    public CancellationToken Token => _wake.Token;

    public PollRelease Release => (PollRelease)Volatile.Read(ref _release);

    public void Wake(PollRelease release)
    {
        if (release != PollRelease.None)
        {
            Interlocked.CompareExchange(ref _release, (int)release, (int)PollRelease.None);
        }

        try
        {
            _wake.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The GET already finished.
        }
    }

    /// <summary>Releases this GET with a noop after <paramref name="delay"/> unless something else answers it first.</summary>
    public void WakeWithNoopAfter(TimeProvider time, TimeSpan delay) =>
        _noopTimer = time.CreateTimer(static state => ((PendingPoll)state!).Wake(PollRelease.Noop), this, delay, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _noopTimer?.Dispose();
        _wake.Dispose();
    }
}
