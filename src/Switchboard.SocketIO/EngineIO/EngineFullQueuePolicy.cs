namespace Switchboard.SocketIO.EngineIO;

/// <summary>
/// What happens when a session's bounded send queue is full, that is, when the client reads more slowly than
/// the application writes. Either way server memory per session stays bounded by
/// <see cref="EngineIOOptions.SendQueueCapacity"/>.
/// </summary>
public enum EngineFullQueuePolicy
{
    /// <summary>
    /// Close the session (the default). The client sees a transport close and reconnects; nothing is lost silently.
    /// </summary>
    CloseSession,

    /// <summary>
    /// Drop the new message and return <see langword="false"/> from <see cref="IEngineConnection.TrySend(EngineMessage)"/>;
    /// the session stays open. Suits lossy traffic such as presence or typing notices.
    /// </summary>
    DropMessage,
}
