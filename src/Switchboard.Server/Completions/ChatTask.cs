namespace Switchboard.Server.Completions;

/// <summary>A running completion (Open WebUI's task, §5.1): its id, whose it is, and the chat message it writes.</summary>
internal sealed record ChatTask(string Id, string UserId, string ChatId, string MessageId, DateTimeOffset StartedAt);
