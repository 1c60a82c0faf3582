namespace Switchboard.Server.Documents;

/// <summary>One update for the log of document <paramref name="DocumentId"/>.</summary>
internal readonly record struct LogEntry(string DocumentId, StoredUpdate Update);
