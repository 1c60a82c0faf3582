using Microsoft.Extensions.Options;

namespace Switchboard.SocketIO.EngineIO;

/// <summary>Checks <see cref="EngineIOOptions"/> at start-up and when an endpoint is mapped.</summary>
internal sealed class EngineIOOptionsValidator : IValidateOptions<EngineIOOptions>
{
    // A flush tick longer than this would be felt by users (typing indicators, streamed text).
    private static readonly TimeSpan MaxWriteCoalescingDelay = TimeSpan.FromMilliseconds(50);

    public ValidateOptionsResult Validate(string? name, EngineIOOptions options)
    {
        var failures = new List<string>();
        CheckTime(failures, nameof(options.PingInterval), options.PingInterval);
        CheckTime(failures, nameof(options.PingTimeout), options.PingTimeout);
        CheckTime(failures, nameof(options.UpgradeTimeout), options.UpgradeTimeout);
        CheckTime(failures, nameof(options.CloseTimeout), options.CloseTimeout);
        CheckTime(failures, nameof(options.WriteTimeout), options.WriteTimeout);
        CheckTime(failures, nameof(options.SlowConsumerTimeout), options.SlowConsumerTimeout);
        if (options.SendQueueHighWaterMark <= 0)
        {
            failures.Add($"{nameof(options.SendQueueHighWaterMark)} must be positive (was {options.SendQueueHighWaterMark}).");
        }

        if (options.SendQueueLimit < options.SendQueueHighWaterMark)
        {
            failures.Add($"{nameof(options.SendQueueLimit)} must be at least {nameof(options.SendQueueHighWaterMark)} (was {options.SendQueueLimit} < {options.SendQueueHighWaterMark}).");
        }
        if (options.WriteCoalescingDelay < TimeSpan.Zero || options.WriteCoalescingDelay > MaxWriteCoalescingDelay)
        {
            failures.Add($"{nameof(options.WriteCoalescingDelay)} must be between 0 (off) and {MaxWriteCoalescingDelay.TotalMilliseconds} ms (was {options.WriteCoalescingDelay}).");
        }

        if (options.MaxPayload <= 0)
        {
            failures.Add($"{nameof(options.MaxPayload)} must be positive (was {options.MaxPayload}).");
        }

        if (options.SendQueueCapacity <= 0)
        {
            failures.Add($"{nameof(options.SendQueueCapacity)} must be positive (was {options.SendQueueCapacity}).");
        }

        if ((options.Transports & EngineTransports.All) == EngineTransports.None || (options.Transports & ~EngineTransports.All) != 0)
        {
            failures.Add($"{nameof(options.Transports)} must name polling, websocket or both (was {options.Transports}).");
        }

        if (!Enum.IsDefined(options.FullQueuePolicy))
        {
            failures.Add($"{nameof(options.FullQueuePolicy)} {options.FullQueuePolicy} is not defined.");
        }

        foreach (var origin in options.AllowedOrigins)
        {
            if (origin != "*" && !Uri.TryCreate(origin, UriKind.Absolute, out _))
            {
                failures.Add($"{nameof(options.AllowedOrigins)} entry '{origin}' is neither '*' nor an absolute origin such as https://example.com.");
            }
        }

        // As ASP.NET Core's CORS policy builder: any origin with credentials would let every site act with the user's
        // cookies (cross-site WebSocket hijacking). List the origins instead.
        if (options.AllowCredentials && options.AllowedOrigins.Contains("*"))
        {
            failures.Add($"{nameof(options.AllowedOrigins)} '*' cannot be combined with {nameof(options.AllowCredentials)}: any site could then connect with the user's cookies. List the allowed origins instead.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Validates and throws <see cref="OptionsValidationException"/> on failure (used at map time).</summary>
    public static void ThrowIfInvalid(EngineIOOptions options)
    {
        var result = new EngineIOOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(EngineIOOptions), result.Failures);
        }
    }

    // Handshake values are whole milliseconds that JavaScript timers accept (setTimeout caps at 2^31-1 ms).
    private static void CheckTime(List<string> failures, string name, TimeSpan value)
    {
        if (value <= TimeSpan.Zero || value.TotalMilliseconds > int.MaxValue)
        {
            failures.Add($"{name} must be between 1 ms and {int.MaxValue} ms (was {value}).");
        }
    }
}
