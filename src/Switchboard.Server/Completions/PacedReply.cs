using System.Threading.Tasks.Sources;

namespace Switchboard.Server.Completions;

/// <summary>
/// One reply's pacing by the <see cref="WordPacer"/>: <see cref="WaitForNextWordAsync"/> completes when the next word
/// is due (at once when it is already due). One wait at a time; it allocates nothing per word. Cancelling the token
/// given at the start fails the pending wait with <see cref="OperationCanceledException"/>.
/// </summary>
internal sealed class PacedReply : IValueTaskSource, IDisposable
{
    private readonly WordPacer _pacer;
    private readonly long _start;
    private readonly long _interval;
    private readonly long _tick;
    private readonly CancellationToken _cancellationToken;
    private readonly CancellationTokenRegistration _registration;
    private ManualResetValueTaskSourceCore<bool> _core; // continuations run on the pacer's thread: the word is sent there
    private long _word;
    private int _pending; // 1 while a wait is queued; whoever swaps it to 0 completes the wait

    internal PacedReply(WordPacer pacer, long start, long interval, long tick, CancellationToken cancellationToken)
    {
        _pacer = pacer;
        _start = start;
        _interval = interval;
        _tick = tick;
        _cancellationToken = cancellationToken;
        _registration = cancellationToken.UnsafeRegister(static state => ((PacedReply)state!).Cancel(), this);
    }

    /// <summary>Completes when the next word is due.</summary>
    public ValueTask WaitForNextWordAsync()
    {
        _cancellationToken.ThrowIfCancellationRequested();
        var due = _start + (++_word * _interval);
        if (due <= _pacer.Now)
        {
            return ValueTask.CompletedTask;
        }

        _core.Reset();
        Volatile.Write(ref _pending, 1);
        var fireAt = (due + _tick - 1) / _tick * _tick;
        _pacer.Enqueue(this, fireAt);
        return new ValueTask(this, _core.Version);
    }

    public void Dispose() => _registration.Dispose();

    internal void Release()
    {
        if (Interlocked.Exchange(ref _pending, 0) == 1)
        {
            _core.SetResult(true);
        }
    }

    private void Cancel()
    {
        if (Interlocked.Exchange(ref _pending, 0) == 1)
        {
            _core.SetException(new OperationCanceledException(_cancellationToken));
        }
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
