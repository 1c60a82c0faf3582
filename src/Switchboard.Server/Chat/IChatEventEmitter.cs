using System.Text.Json.Nodes;

namespace Switchboard.Server.Chat;

/// <summary>
/// The .NET counterpart of Open WebUI's <c>get_event_emitter</c> (§5.2): sends
/// <c>events {chat_id, message_id, data}</c> to every tab of the user, and stores what the persistence table of §5.3
/// stores, one message at a time and atomically (G10).
/// </summary>
public interface IChatEventEmitter
{
    /// <summary>
    /// Emits <paramref name="eventData"/> (<c>{type, data}</c>) to <c>user:{id}</c>, then stores it when
    /// <paramref name="persist"/> and the type is one that is stored. Appended deltas (<c>message</c>) are gathered and
    /// stored within the configured delay; everything else is stored before this returns. Storage failures (a missing
    /// chat, a database error) are logged, never thrown.
    /// </summary>
    Task EmitAsync(ChatEventTarget target, JsonObject eventData, bool persist = true, CancellationToken cancellationToken = default);

    /// <summary>Stores the gathered deltas of one chat now (on stop).</summary>
    Task FlushChatAsync(string chatId, CancellationToken cancellationToken = default);

    /// <summary>Stores every gathered delta now (on shutdown).</summary>
    Task FlushAllAsync(CancellationToken cancellationToken = default);
}
