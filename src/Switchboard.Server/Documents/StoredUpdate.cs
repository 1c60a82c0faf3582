namespace Switchboard.Server.Documents;

/// <summary>One Yjs v1 update of a document's log, in the order it was accepted.</summary>
internal readonly record struct StoredUpdate(long Seq, byte[] Data);
