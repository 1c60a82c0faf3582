namespace Switchboard.Server.Tests.Completions;

/// <summary>One <see cref="CompletionServer"/> with default timeouts per test class (tests use fresh users and chats).</summary>
public sealed class CompletionServerFixture : IAsyncLifetime
{
    private CompletionServer? _server;

    public CompletionServer Server => _server ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _server = await CompletionServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
