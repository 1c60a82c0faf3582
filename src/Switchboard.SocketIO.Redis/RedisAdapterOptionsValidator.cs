using Microsoft.Extensions.Options;

namespace Switchboard.SocketIO.Redis;

/// <summary>Checks <see cref="RedisAdapterOptions"/> at start.</summary>
internal sealed class RedisAdapterOptionsValidator : IValidateOptions<RedisAdapterOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisAdapterOptions options)
    {
        var failures = new List<string>();
        if (options.ConnectionFactory is null)
        {
            if (string.IsNullOrWhiteSpace(options.Configuration))
            {
                failures.Add("Configuration (a redis:// URL or a StackExchange.Redis configuration string) is required unless ConnectionFactory is set.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Configuration) && !RedisConfiguration.TryParse(options.Configuration, out _, out var error))
        {
            failures.Add($"Configuration is not valid: {error}");
        }

        if (string.IsNullOrEmpty(options.ChannelPrefix) || options.ChannelPrefix.AsSpan().IndexOfAny("*?[]\\") >= 0)
        {
            failures.Add("ChannelPrefix must be non-empty and hold no Redis glob characters (* ? [ ] \\).");
        }

        if (options.RequestsTimeout <= TimeSpan.Zero || options.RequestsTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add("RequestsTimeout must be positive and at most 10 minutes.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add("Mode is not a RedisAdapterMode.");
        }

        if (!Enum.IsDefined(options.SubscriptionMode))
        {
            failures.Add("SubscriptionMode is not a ShardedSubscriptionMode.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
