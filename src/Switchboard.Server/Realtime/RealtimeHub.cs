using System.Text.Json.Nodes;
using Switchboard.Server.Auth;
using Switchboard.SocketIO;

namespace Switchboard.Server.Realtime;

/// <summary>The <see cref="IRealtimeHub"/> over the server's <see cref="SocketIOServer"/>.</summary>
internal sealed class RealtimeHub(SocketIOServer io) : IRealtimeHub
{
    public async Task EmitToUsersAsync(string eventName, object payload, IEnumerable<string> userIds)
    {
        var rooms = userIds.Distinct(StringComparer.Ordinal).Select(Rooms.User).ToList();
        if (rooms.Count > 0)
        {
            await io.Sockets.To(rooms[0]).To(rooms).EmitAsync(eventName, payload);
        }
    }

    public async Task EnterRoomForUsersAsync(string room, IEnumerable<string> userIds)
    {
        var rooms = userIds.Distinct(StringComparer.Ordinal).Select(Rooms.User).ToList();
        if (rooms.Count > 0)
        {
            await io.Sockets.To(rooms[0]).To(rooms).SocketsJoinAsync(room);
        }
    }

    public async Task EmitChannelEventAsync(string channelId, string? messageId, string type, JsonNode? data, UserIdentity? user, JsonNode? channel)
    {
        var envelope = new JsonObject
        {
            ["channel_id"] = channelId,
            ["message_id"] = messageId,
            ["data"] = new JsonObject { ["type"] = type, ["data"] = data?.DeepClone() },
            ["user"] = user is null ? null : new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["role"] = user.Role },
            ["channel"] = channel?.DeepClone(),
        };
        await io.To(Rooms.Channel(channelId)).EmitAsync("events:channel", envelope);
    }

    public async Task EmitNoteEventAsync(string noteId, JsonNode note) =>
        await io.To(Rooms.Note(noteId)).EmitAsync("note-events", note.DeepClone());

    public async Task<IReadOnlyList<string>> GetUserIdsInRoomAsync(string room)
    {
        var sockets = await io.In(room).FetchSocketsAsync();
        return [.. sockets.SelectMany(s => s.Rooms).Where(r => r.StartsWith("user:", StringComparison.Ordinal)).Select(r => r[5..]).Distinct(StringComparer.Ordinal)];
    }

    public Task DisconnectUserAsync(string userId) => io.In(Rooms.User(userId)).DisconnectSocketsAsync(close: true);
}
