namespace Switchboard.Server.Chat;

/// <summary>
/// Where chat events go (Open WebUI's request info, §5.1): the user whose tabs receive them, the chat and assistant
/// message they belong to, and for calls the one socket (<c>session_id</c>) that must answer.
/// </summary>
public sealed record ChatEventTarget
{
    /// <summary>The user (<c>user:{id}</c> room).</summary>
    public required string UserId { get; init; }

    /// <summary>The chat; <c>local:...</c> chats are temporary and never stored. May be null (then nothing is stored).</summary>
    public string? ChatId { get; init; }

    /// <summary>The assistant message being produced. May be null (then nothing is stored).</summary>
    public string? MessageId { get; init; }

    /// <summary>The socket id of the tab that sent the request (needed by calls).</summary>
    public string? SessionId { get; init; }
}
