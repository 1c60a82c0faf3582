using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Usage;

/// <summary>Sweeps expired usage keys every <see cref="SwitchboardOptions.UsageExpiry"/> (Open WebUI's 3-s cleanup loop, without a lock to lose).</summary>
internal sealed class UsageSweeper(InMemoryUsageStore store, TimeProvider time, IOptions<SwitchboardOptions> options) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.UsageExpiry, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                store.Sweep();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
