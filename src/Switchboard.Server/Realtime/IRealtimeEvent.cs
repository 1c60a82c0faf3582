namespace Switchboard.Server.Realtime;

/// <summary>
/// One client-to-server event of the Open WebUI contract. Register implementations with
/// <c>services.AddSingleton&lt;IRealtimeEvent, ...&gt;()</c>; <see cref="RealtimeHandlers"/> attaches each to the
/// Socket.IO server once, for every socket, and refuses it for anonymous sockets unless <see cref="AllowAnonymous"/>.
/// </summary>
internal interface IRealtimeEvent
{
    /// <summary>The event name, such as <c>user-join</c>.</summary>
    string Name { get; }

    /// <summary>Whether an unauthenticated socket may send it (only <c>user-join</c>, G26).</summary>
    bool AllowAnonymous => false;

    /// <summary>
    /// Handles one event. Validate the payload first and call <see cref="RealtimeContext.Reject"/> for a malformed
    /// one before changing anything. Exceptions are logged and answered with <c>{error}</c> when an ack was asked.
    /// </summary>
    Task HandleAsync(RealtimeContext context);
}
