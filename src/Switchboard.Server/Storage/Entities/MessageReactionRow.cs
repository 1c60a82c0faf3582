namespace Switchboard.Server.Storage.Entities;

/// <summary>A row of Open WebUI's <c>message_reaction</c> table: one user's emoji on one channel message (one per message, user and name, kept so in code).</summary>
internal sealed class MessageReactionRow
{
    public required string Id { get; set; }

    public required string UserId { get; set; }

    public required string MessageId { get; set; }

    public required string Name { get; set; }

    public long? CreatedAt { get; set; }
}
