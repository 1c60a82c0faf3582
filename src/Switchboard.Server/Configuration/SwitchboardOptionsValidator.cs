using Microsoft.Extensions.Options;
using Switchboard.Server.Telemetry;

namespace Switchboard.Server.Configuration;

/// <summary>Checks <see cref="SwitchboardOptions"/> at start (<c>ValidateOnStart</c>).</summary>
internal sealed class SwitchboardOptionsValidator : IValidateOptions<SwitchboardOptions>
{
    public ValidateOptionsResult Validate(string? name, SwitchboardOptions options)
    {
        var failures = new List<string>(options.ConfigurationErrors);
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            failures.Add("DataDir (DATA_DIR) must name a folder.");
        }

        if (options.DatabaseUrl is { } url && !DatabaseUrl.TryParse(url, options.DataDir, out _, out var error))
        {
            failures.Add($"DatabaseUrl (DATABASE_URL): {error}");
        }

        if (options.SecretKey is { Length: 0 })
        {
            failures.Add("SecretKey (WEBUI_SECRET_KEY) must not be empty; leave it unset to have one generated.");
        }

        Positive(failures, options.PingInterval, nameof(options.PingInterval));
        Positive(failures, options.PingTimeout, nameof(options.PingTimeout));
        Positive(failures, options.EventCallerTimeout, nameof(options.EventCallerTimeout));
        Positive(failures, options.ActiveStatusUpdateInterval, nameof(options.ActiveStatusUpdateInterval));
        Positive(failures, options.UsageExpiry, nameof(options.UsageExpiry));
        Positive(failures, options.RevocationPollInterval, nameof(options.RevocationPollInterval));
        Positive(failures, options.ChatPersistDelay, nameof(options.ChatPersistDelay));
        Positive(failures, options.RedisLockTimeout, nameof(options.RedisLockTimeout));
        Positive(failures, options.SessionPoolTimeout, nameof(options.SessionPoolTimeout));
        if (options.IsRedisMode && !Scaling.RedisEndpoint.TryCreate(options, out _, out var redisError))
        {
            failures.Add($"RedisUrl (WEBSOCKET_REDIS_URL): {redisError}");
        }

        if (string.IsNullOrWhiteSpace(options.RedisKeyPrefix))
        {
            failures.Add("RedisKeyPrefix (REDIS_KEY_PREFIX) must not be empty.");
        }
        if (options.JwtExpiresIn is { } expires && expires <= TimeSpan.Zero)
        {
            failures.Add("JwtExpiresIn (JWT_EXPIRES_IN) must be positive, or unset for no expiry.");
        }

        if (options.MaxPayload is < 1024 or > 512 * 1024 * 1024)
        {
            failures.Add("MaxPayload must be between 1 KiB and 512 MiB.");
        }

        foreach (var origin in options.CorsAllowOrigins)
        {
            if (origin != "*" && !Uri.TryCreate(origin, UriKind.Absolute, out _))
            {
                failures.Add($"CorsAllowOrigins (CORS_ALLOW_ORIGIN): '{origin}' is not an origin such as https://chat.example.com.");
            }
        }

        failures.AddRange(TelemetryOptionsCheck.Failures(options.Telemetry));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{name} must be positive.");
        }
    }
}
