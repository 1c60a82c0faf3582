using System.Text.Json.Nodes;
using Switchboard.Server.Auth;

namespace Switchboard.Server.Realtime;

/// <summary>
/// What the HTTP side of the server pushes through the sockets (§4.2, §4.3, Open WebUI's <c>emit_to_users</c>,
/// <c>enter_room_for_users</c>, <c>get_user_ids_from_room</c>, <c>disconnect_user_sessions</c>). Room operations go
/// through the Socket.IO adapter, so they reach every instance's sockets (G6).
/// </summary>
public interface IRealtimeHub
{
    /// <summary>Sends <paramref name="eventName"/> to every tab of each user.</summary>
    Task EmitToUsersAsync(string eventName, object payload, IEnumerable<string> userIds);

    /// <summary>Puts every connected tab of each user in <paramref name="room"/> (a new channel or DM).</summary>
    Task EnterRoomForUsersAsync(string room, IEnumerable<string> userIds);

    /// <summary>
    /// <c>events:channel {channel_id, message_id, data:{type, data}, user, channel}</c> to <c>channel:{id}</c>
    /// (message posted, updated, deleted, reactions; §4.2).
    /// </summary>
    Task EmitChannelEventAsync(string channelId, string? messageId, string type, JsonNode? data, UserIdentity? user, JsonNode? channel);

    /// <summary><c>note-events</c> with the note (its model dump) to <c>note:{id}</c> (§4.3).</summary>
    Task EmitNoteEventAsync(string noteId, JsonNode note);

    /// <summary>The users with at least one tab in <paramref name="room"/>.</summary>
    Task<IReadOnlyList<string>> GetUserIdsInRoomAsync(string room);

    /// <summary>Disconnects every tab of the user (sign-out everywhere, role change, deletion).</summary>
    Task DisconnectUserAsync(string userId);
}
