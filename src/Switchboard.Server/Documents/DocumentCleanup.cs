using Switchboard.Server.Sessions;

namespace Switchboard.Server.Documents;

/// <summary>
/// The document part of <c>disconnect</c> and of a user change: the documents the socket had joined, and only those (G7).
/// </summary>
internal sealed class DocumentCleanup(DocumentHub hub) : ISocketCleanup
{
    public Task OnDisconnectAsync(SocketSession session, string[] documents) =>
        documents.Length == 0 ? Task.CompletedTask : hub.DisconnectAsync(session, documents);

    public Task OnUserChangedAsync(SocketSession session, string previousUserId, string[] documents) =>
        documents.Length == 0 ? Task.CompletedTask : hub.UserChangedAsync(session, previousUserId, documents);
}
