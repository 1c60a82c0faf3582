namespace Switchboard.Server.Chat;

/// <summary>
/// What storing a message's updates found: whether the chat exists, whether the message changed, and the chat's title
/// (read in the same transaction, so the end of a reply needs no second query for it).
/// </summary>
internal readonly record struct ChatWrite(bool ChatFound, bool Stored, string? Title);
