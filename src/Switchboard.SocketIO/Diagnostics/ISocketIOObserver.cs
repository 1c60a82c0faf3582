using System.Text.Json;

namespace Switchboard.SocketIO.Diagnostics;

/// <summary>
/// Sees what happens on a <see cref="SocketIOServer"/> (the Admin UI's feed). Called on the thread that does the
/// work, sometimes under an adapter lock: implementations copy what they need and return at once.
/// </summary>
internal interface ISocketIOObserver
{
    void SocketConnected(Socket socket);

    void SocketDisconnected(Socket socket, DisconnectReason reason);

    /// <summary>A client event: <paramref name="packet"/> is <c>[name, ...args]</c>, valid only during the call.</summary>
    void EventReceived(Socket socket, JsonElement packet);

    void EventSent(Socket socket, string eventName, ReadOnlySpan<object?> args);

    void RoomJoined(Namespace nsp, string room, string socketId);

    void RoomLeft(Namespace nsp, string room, string socketId);
}
