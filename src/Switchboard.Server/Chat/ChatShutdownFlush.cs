namespace Switchboard.Server.Chat;

/// <summary>Stores every gathered reply delta when the host stops, so a shutdown loses none of them.</summary>
internal sealed class ChatShutdownFlush(IChatEventEmitter emitter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => emitter.FlushAllAsync(cancellationToken);
}
