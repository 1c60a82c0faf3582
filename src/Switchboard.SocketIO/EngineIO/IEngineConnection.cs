namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// One Engine.IO session as the application layer (Socket.IO, or a raw echo) sees it,
/// independent of the transport it currently runs on.
/// </summary>
public interface IEngineConnection
{
    /// <summary>The Engine.IO session id (20 URL-safe characters). Private to the server: Socket.IO never shows it to clients.</summary>
    string Id { get; }

    /// <summary>What the client sent with the request that opened the session.</summary>
    EngineHandshake Handshake { get; }

    /// <summary>The current transport name: <c>polling</c> or <c>websocket</c>.</summary>
    string Transport { get; }

    /// <summary>
    /// <see langword="true"/> when a packet queued now would be written without waiting
    /// (an open WebSocket, or a pending polling GET, and the queue at or below its high-water mark). Volatile packets
    /// are dropped when it is <see langword="false"/>.
    /// </summary>
    bool IsWritable { get; }

    /// <summary><see langword="true"/> once the session is closed or closing.</summary>
    bool IsClosed { get; }

    /// <summary>
    /// Fires as soon as the session closes or starts closing, even while a message is being handled
    /// (<see cref="IEngineHandler.OnCloseAsync"/> comes only after that message).
    /// </summary>
    CancellationToken Closed { get; }

    /// <summary>
    /// Queues one message. Returns <see langword="false"/> when the session is closed, or when its send queue is full
    /// and the configured full-queue policy dropped the message (or closed the session).
    /// </summary>
    bool TrySend(EngineMessage message);

    /// <summary>
    /// Queues several messages that must go out together and in order (a Socket.IO packet and its binary attachments).
    /// All are queued or none.
    /// </summary>
    bool TrySend(ReadOnlySpan<EngineMessage> messages);

    /// <summary>
    /// The bytes queued for the client and not yet taken by its transport (flow control). Implementations without flow
    /// control report 0.
    /// </summary>
    long QueuedBytes => 0;

    /// <summary>
    /// Waits while more than <see cref="EngineIOOptions.SendQueueHighWaterMark"/> bytes are queued for the client
    /// (backpressure for a producer that awaits each send). Returns <see langword="true"/> at once when there is room,
    /// or when the queue drained below the mark; <see langword="false"/> when the session is closed or closes meanwhile,
    /// including after <see cref="EngineIOOptions.SlowConsumerTimeout"/>, when the session is closed as a slow consumer.
    /// </summary>
    /// <param name="cancellationToken">Stops waiting (the session is left as it is).</param>
    /// <returns>Whether the caller may go on sending.</returns>
    ValueTask<bool> WaitForCapacityAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(!IsClosed);

    /// <summary>Closes the session from the server side (the handler then sees <see cref="EngineCloseReason.ForcedClose"/>).</summary>
    void Close();
}
