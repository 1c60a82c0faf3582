namespace Switchboard.Server.Documents;

/// <summary><c>ydoc:document:state</c>: the whole document as one v1 update, and the sockets in its room.</summary>
internal sealed record DocumentState(string DocumentId, YjsBytes State, string[] Sessions);
