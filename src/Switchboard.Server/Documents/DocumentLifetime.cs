namespace Switchboard.Server.Documents;

/// <summary>
/// Stops the document layer: at shutdown saves every open document, so the last keystrokes before a restart are
/// stored. Its tables are made by the schema check at start (<c>switchboard.*.sql</c>), under the schema lock: a
/// second, unlocked CREATE TABLE IF NOT EXISTS here raced other instances starting on the same PostgreSQL database.
/// </summary>
internal sealed class DocumentLifetime(DocumentHub hub) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => hub.FlushAllAsync();
}
