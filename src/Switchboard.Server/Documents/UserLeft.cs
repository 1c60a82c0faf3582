namespace Switchboard.Server.Documents;

/// <summary><c>ydoc:user:left</c>: a member left or disconnected (G18); <c>socket_id</c> tells a user's tabs apart.</summary>
internal sealed record UserLeft(string DocumentId, string UserId, string SocketId);
