namespace Switchboard.Server.Documents;

/// <summary><c>ydoc:awareness:update</c> relayed to the other members (never stored).</summary>
internal sealed record AwarenessUpdate(string DocumentId, string UserId, YjsBytes Update);
