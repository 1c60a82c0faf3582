namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// The application behind an Engine.IO endpoint. The server calls it for each session:
/// <see cref="OnOpenAsync"/> once, then <see cref="OnMessageAsync"/> for each message in arrival order
/// (never concurrently for one session), then <see cref="OnCloseAsync"/> once.
/// </summary>
public interface IEngineHandler
{
    /// <summary>A session was opened (after the handshake packet was queued).</summary>
    ValueTask OnOpenAsync(IEngineConnection connection, CancellationToken cancellationToken);

    /// <summary>
    /// A message arrived. <paramref name="message"/> is valid only until the returned task completes.
    /// Throwing <see cref="InvalidDataException"/> closes this session as a parse error.
    /// </summary>
    ValueTask OnMessageAsync(IEngineConnection connection, EngineMessage message, CancellationToken cancellationToken);

    /// <summary>The session closed; no more messages will arrive and sends fail.</summary>
    ValueTask OnCloseAsync(IEngineConnection connection, EngineCloseReason reason, Exception? exception);
}
