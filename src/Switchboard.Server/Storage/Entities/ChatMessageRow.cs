namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>chat_message</c> table: one message of a chat, id <c>{chat_id}-{message_id}</c> (timestamps in epoch seconds).</summary>
internal sealed class ChatMessageRow
{
    public required string Id { get; set; }

    public required string ChatId { get; set; }

    public string? UserId { get; set; }

    public required string Role { get; set; }

    public string? ParentId { get; set; }

    public string? Content { get; set; }

    public string? Output { get; set; }

    public string? ModelId { get; set; }

    public string? Files { get; set; }

    public string? Sources { get; set; }

    public string? Embeds { get; set; }

    public bool? Done { get; set; }

    public string? StatusHistory { get; set; }

    public string? Error { get; set; }

    public string? Usage { get; set; }

    public long? CreatedAt { get; set; }

    public long? UpdatedAt { get; set; }

    public string? Meta { get; set; }
}
