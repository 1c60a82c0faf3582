using Switchboard.Server.Sessions;

namespace Switchboard.Server.Documents;

/// <summary>One socket in a document's room, with the permission it was found to have and when that was checked.</summary>
internal sealed class DocumentMember(SocketSession session, bool canWrite, long checkedAt)
{
    public SocketSession Session { get; } = session;

    public bool CanWrite { get; set; } = canWrite;

    /// <summary>When <see cref="CanWrite"/> was checked (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    public long CheckedAt { get; set; } = checkedAt;

    /// <summary>The awareness client ids the socket announced, removed from the others when it leaves.</summary>
    public AwarenessClients Awareness { get; } = new();
}
