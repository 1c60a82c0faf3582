using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Scaling;

/// <summary>
/// Listens for stop commands in Redis mode (<see cref="RedisChatTaskRegistry.ListenAsync"/>) and renews the slots of
/// this instance's tasks (<see cref="RedisChatTaskRegistry.RenewSlotsAsync"/>).
/// </summary>
internal sealed class TaskCommandListener(RedisChatTaskRegistry registry, IOptions<SwitchboardOptions> options) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        options.Value.IsRedisMode ? Task.WhenAll(registry.ListenAsync(stoppingToken), registry.RenewSlotsAsync(stoppingToken)) : Task.CompletedTask;
}
