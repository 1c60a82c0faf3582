namespace Switchboard.Server.Documents;

/// <summary><c>ydoc:document:update</c> relayed to the other members, with the sender's server-side user id.</summary>
internal sealed record DocumentUpdate(string DocumentId, string UserId, YjsBytes Update, string SocketId);
