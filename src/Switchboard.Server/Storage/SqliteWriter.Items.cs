namespace Switchboard.Server.Storage;

internal sealed partial class SqliteWriter
{
    /// <summary>A queued write: run inside the batch, completed after the commit.</summary>
    private abstract class WriteItem(CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        public abstract Task RunAsync(DbWriteSession session);

        public abstract void Complete();

        public abstract void Fail(Exception exception);
    }

    private sealed class WriteItem<T>(Func<DbWriteSession, CancellationToken, Task<T>> write, CancellationToken cancellationToken) : WriteItem(cancellationToken)
    {
        // Asynchronous continuations: the loop completes a whole batch, then goes on writing.
        private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T? _result;

        public Task<T> Task => _done.Task;

        public override async Task RunAsync(DbWriteSession session) => _result = await write(session, CancellationToken);

        // Set by RunAsync before the batch commits; Complete is called only for writes that ran.
        public override void Complete() => _done.TrySetResult(_result!);

        public override void Fail(Exception exception)
        {
            if (exception is OperationCanceledException && CancellationToken.IsCancellationRequested)
            {
                _done.TrySetCanceled(CancellationToken);
            }
            else
            {
                _done.TrySetException(exception);
            }
        }
    }
}
