using Switchboard.Server.Sessions;

namespace Switchboard.Server.Documents;

/// <summary>
/// Starts and stops the document layer: creates its tables at start (after the schema check, which is registered
/// first), cleans up after disconnected sockets, and at shutdown saves every open document, so the last keystrokes
/// before a restart are stored.
/// </summary>
internal sealed class DocumentLifetime(DocumentStore store, DocumentHub hub, SessionRegistry sessions) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.EnsureSchemaAsync(cancellationToken);
        sessions.Removed += OnRemoved;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        sessions.Removed -= OnRemoved;
        await hub.FlushAllAsync();
    }

    private void OnRemoved(SocketSession session, string[] documents)
    {
        if (documents.Length > 0)
        {
            _ = hub.DisconnectAsync(session, documents);
        }
    }
}
