using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>A handler that only counts opens and closes and keeps no reference to any connection (for memory counts).</summary>
internal sealed class CountingHandler : IEngineHandler
{
    private int _opened;
    private int _closed;

    public int OpenCount => Volatile.Read(ref _opened);

    public int CloseCount => Volatile.Read(ref _closed);

    public ValueTask OnOpenAsync(IEngineConnection connection, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _opened);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnMessageAsync(IEngineConnection connection, EngineMessage message, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnCloseAsync(IEngineConnection connection, EngineCloseReason reason, Exception? exception)
    {
        Interlocked.Increment(ref _closed);
        return ValueTask.CompletedTask;
    }
}
