using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Scaling;

/// <summary>Listens for stop commands in Redis mode (<see cref="RedisChatTaskRegistry.ListenAsync"/>).</summary>
internal sealed class TaskCommandListener(RedisChatTaskRegistry registry, IOptions<SwitchboardOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.IsRedisMode ? registry.ListenAsync(stoppingToken) : Task.CompletedTask;
}
