namespace Switchboard.Server.Completions;

/// <summary>
/// On shutdown every running completion is cancelled (their tokens follow <c>ApplicationStopping</c>); this waits
/// until each has stored what arrived and sent <c>chat:tasks:cancel</c>.
/// </summary>
internal sealed class CompletionShutdown(CompletionRunner runner) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => runner.WhenAllAsync().WaitAsync(cancellationToken);
}
