namespace Switchboard.Server.Documents;

/// <summary><c>error</c> to one socket: what failed, and the size limit when that was the reason (G17).</summary>
internal sealed record DocumentError(string Message, string? DocumentId, int? Limit);
