namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// A raw Engine.IO echo: every message goes straight back on the same session, text as text and binary as binary.
/// This is what the official Engine.IO test suite expects at <c>/engine.io/</c>; it is also handy as a smoke test.
/// </summary>
public sealed class EchoEngineHandler : IEngineHandler
{
    /// <inheritdoc />
    public ValueTask OnOpenAsync(IEngineConnection connection, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask OnMessageAsync(IEngineConnection connection, EngineMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // The incoming bytes are only valid during this call; the echo outlives it.
        connection.TrySend(new EngineMessage(message.Data.ToArray(), message.IsBinary));
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnCloseAsync(IEngineConnection connection, EngineCloseReason reason, Exception? exception) => ValueTask.CompletedTask;
}
