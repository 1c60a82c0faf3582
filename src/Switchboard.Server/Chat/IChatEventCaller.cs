using System.Text.Json.Nodes;

namespace Switchboard.Server.Chat;

/// <summary>
/// The .NET counterpart of Open WebUI's <c>get_event_call</c> (§5.4): sends <c>events {chat_id, message_id, data}</c>
/// to one socket and waits for its answer (G13: bounded, refused for a socket of another user, failing at once when
/// the socket is gone).
/// </summary>
public interface IChatEventCaller
{
    /// <summary>
    /// Calls the tab <see cref="ChatEventTarget.SessionId"/>; <paramref name="timeout"/> defaults to
    /// <c>WEBSOCKET_EVENT_CALLER_TIMEOUT</c> (60 s). Never throws for the client's behaviour: failures are results.
    /// </summary>
    Task<ChatCallResult> CallAsync(ChatEventTarget target, JsonObject eventData, TimeSpan? timeout = null, CancellationToken cancellationToken = default);
}
