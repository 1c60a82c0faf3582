using System.Text.Json;
using Switchboard.SocketIO.Diagnostics;

namespace Switchboard.SocketIO.AdminUI;

// The live feed (development mode): what the observer sees becomes admin events, queued and sent by one loop so the
// server's own work (often under an adapter lock) only copies a few values.
internal sealed partial class AdminUIServer : ISocketIOObserver
{
    public void SocketConnected(Socket socket)
    {
        _transports[socket] = socket.Transport;
        if (IsWatched())
        {
            Queue("socket_connected", AdminSnapshot.Socket(socket, Json(socket)), Now());
        }
    }

    public void SocketDisconnected(Socket socket, DisconnectReason reason)
    {
        _newSessions.TryRemove(socket.Id, out _);
        _transports.TryRemove(socket, out _);
        if (IsWatched())
        {
            Queue("socket_disconnected", socket.Namespace.Name, socket.Id, reason.ToWireName(), Now());
        }
    }

    public void EventReceived(Socket socket, JsonElement packet)
    {
        if (IsWatched() && !ReferenceEquals(socket.Namespace, Namespace))
        {
            Queue("event_received", socket.Namespace.Name, socket.Id, packet.Clone(), Now());
        }
    }

    public void EventSent(Socket socket, string eventName, ReadOnlySpan<object?> args)
    {
        if (!IsWatched() || ReferenceEquals(socket.Namespace, Namespace))
        {
            return;
        }

        var all = new object?[args.Length + 1];
        all[0] = eventName;
        args.CopyTo(all.AsSpan(1));
        // Serialized now: the application may change the objects after the emit.
        Queue("event_sent", socket.Namespace.Name, socket.Id, AdminSnapshot.Data(all, Json(socket)), Now());
    }

    public void RoomJoined(Namespace nsp, string room, string socketId)
    {
        if (IsWatched())
        {
            Queue("room_joined", nsp.Name, room, socketId, Now());
        }
    }

    public void RoomLeft(Namespace nsp, string room, string socketId)
    {
        if (IsWatched())
        {
            Queue("room_left", nsp.Name, room, socketId, Now());
        }
    }

    /// <summary>
    /// Tells the UI about sockets whose connection moved from polling to WebSocket since the last look (Node listens
    /// for the upgrade; here the statistics tick compares, which costs nothing while no UI is connected).
    /// </summary>
    private void QueueTransportChanges()
    {
        foreach (var (socket, known) in _transports)
        {
            var now = socket.Transport;
            if (now != known && _transports.TryUpdate(socket, now, known))
            {
                Queue("socket_updated", new { id = socket.Id, nsp = socket.Namespace.Name, transport = now });
            }
        }
    }

    private static JsonSerializerOptions Json(Socket socket) => socket.Namespace.Server.Options.SerializerOptions;

    private bool IsWatched() => Namespace.Sockets.Count > 0;

    private DateTimeOffset Now() => _io.TimeProvider.GetUtcNow();

    private void Queue(string eventName, params object?[] args) => _feed.Writer.TryWrite((eventName, args));

    private async Task RunFeedAsync()
    {
        await foreach (var (eventName, args) in _feed.Reader.ReadAllAsync())
        {
            try
            {
                await Namespace.EmitAsync(eventName, args);
            }
#pragma warning disable CA1031 // One item the feed cannot send must not end the feed; it is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                AdminUILog.FeedFailed(Logger, eventName, ex);
            }
        }
    }
}
