namespace Switchboard.Server.Documents;

/// <summary>
/// Starts and stops the document layer: creates its tables at start (after the schema check, which is registered
/// first), and at shutdown saves every open document, so the last keystrokes before a restart are stored.
/// </summary>
internal sealed class DocumentLifetime(DocumentStore store, DocumentHub hub) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => hub.FlushAllAsync();
}
