namespace Switchboard.Server.Tests.Documents;

/// <summary>One <see cref="DocumentServer"/> over SQLite shared by a test class (tests use fresh users and notes).</summary>
public sealed class DocumentServerFixture : IAsyncLifetime
{
    private DocumentServer? _server;

    internal DocumentServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await DocumentServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
