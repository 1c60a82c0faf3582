using System.Threading.Channels;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>An echo handler that also records what the server told it, for assertions.</summary>
internal sealed class RecordingHandler : IEngineHandler
{
    private readonly Channel<IEngineConnection> _opened = Channel.CreateUnbounded<IEngineConnection>();
    private readonly Channel<(IEngineConnection Connection, EngineCloseReason Reason)> _closed =
        Channel.CreateUnbounded<(IEngineConnection, EngineCloseReason)>();

    /// <summary>What OnMessageAsync does; echo by default.</summary>
    public Func<IEngineConnection, EngineMessage, ValueTask> OnMessage { get; set; } = (connection, message) =>
    {
        connection.TrySend(new EngineMessage(message.Data.ToArray(), message.IsBinary));
        return ValueTask.CompletedTask;
    };

    public int OpenCount;
    public int CloseCount;

    public ValueTask OnOpenAsync(IEngineConnection connection, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref OpenCount);
        _opened.Writer.TryWrite(connection);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnMessageAsync(IEngineConnection connection, EngineMessage message, CancellationToken cancellationToken) =>
        OnMessage(connection, message);

    public ValueTask OnCloseAsync(IEngineConnection connection, EngineCloseReason reason, Exception? exception)
    {
        Interlocked.Increment(ref CloseCount);
        _closed.Writer.TryWrite((connection, reason));
        return ValueTask.CompletedTask;
    }

    public Task<IEngineConnection> NextOpenAsync() => _opened.Reader.ReadAsync().DefaultTimeout();

    public Task<(IEngineConnection Connection, EngineCloseReason Reason)> NextCloseAsync() => _closed.Reader.ReadAsync().DefaultTimeout();
}
