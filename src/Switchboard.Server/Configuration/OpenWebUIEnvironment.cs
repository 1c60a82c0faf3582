using System.Globalization;
using Microsoft.Extensions.Options;
using Switchboard.Server.Telemetry;

namespace Switchboard.Server.Configuration;

/// <summary>
/// Applies Open WebUI's environment names (openwebui-contract.md §9, openwebui-schema.md §1) on top of the
/// <c>Switchboard</c> section, so an Open WebUI deployment's environment configures Switchboard unchanged. Values
/// that do not parse are collected in <see cref="SwitchboardOptions.ConfigurationErrors"/> and fail the start.
/// </summary>
internal sealed class OpenWebUIEnvironment(IConfiguration configuration) : IConfigureOptions<SwitchboardOptions>
{
    public void Configure(SwitchboardOptions options)
    {
        configuration.GetSection(SwitchboardOptions.SectionName).Bind(options);
        Apply(configuration, options);
    }

    /// <summary>Reads the environment names from <paramref name="env"/> (environment variables, command line, ...).</summary>
    public static void Apply(IConfiguration env, SwitchboardOptions options)
    {
        var errors = options.ConfigurationErrors;
        if (Get(env, "DATA_DIR") is { } dataDir)
        {
            options.DataDir = dataDir;
        }

        if ((Get(env, "WEBUI_SECRET_KEY") ?? Get(env, "WEBUI_JWT_SECRET_KEY")) is { } secret)
        {
            options.SecretKey = secret;
        }

        options.DatabaseUrl = ComposeDatabaseUrl(env) ?? options.DatabaseUrl;
        if (Get(env, "DATABASE_SCHEMA") is { } schema)
        {
            options.DatabaseSchema = schema;
        }

        if (Get(env, "CORS_ALLOW_ORIGIN") is { } cors)
        {
            options.CorsAllowOrigins.Clear();
            foreach (var origin in cors.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.CorsAllowOrigins.Add(origin);
            }
        }

        Seconds(env, "WEBSOCKET_SERVER_PING_INTERVAL", errors, v => options.PingInterval = v);
        Seconds(env, "WEBSOCKET_SERVER_PING_TIMEOUT", errors, v => options.PingTimeout = v);
        Seconds(env, "WEBSOCKET_EVENT_CALLER_TIMEOUT", errors, v => options.EventCallerTimeout = v);
        Seconds(env, "DATABASE_USER_ACTIVE_STATUS_UPDATE_INTERVAL", errors, v => options.ActiveStatusUpdateInterval = v);
        Bool(env, "ENABLE_WEBSOCKET_SUPPORT", errors, v => options.EnableWebsocketSupport = v);
        Bool(env, "ENABLE_PUBLIC_ACTIVE_USERS_COUNT", errors, v => options.EnablePublicActiveUsersCount = v);
        if (Get(env, "JWT_EXPIRES_IN") is { } expires)
        {
            if (DurationParser.TryParse(expires, out var duration, out var error))
            {
                options.JwtExpiresIn = duration;
            }
            else
            {
                errors.Add($"JWT_EXPIRES_IN: {error}");
            }
        }

        if (Get(env, "REDIS_KEY_PREFIX") is { } prefix)
        {
            options.RedisKeyPrefix = prefix;
        }

        ApplyRedis(env, options, errors);
        ApplyTelemetry(env, options.Telemetry, errors);
    }

    // WEBSOCKET_MANAGER=redis and its companions (§9). The other managers Open WebUI knows ("" = local) run one instance.
    private static void ApplyRedis(IConfiguration env, SwitchboardOptions options, List<string> errors)
    {
        Seconds(env, "WEBSOCKET_REDIS_LOCK_TIMEOUT", errors, v => options.RedisLockTimeout = v);
        Seconds(env, "WEBSOCKET_HEARTBEAT_INTERVAL", errors, v => options.SessionPoolTimeout = TimeSpan.FromSeconds(Math.Max(4 * v.TotalSeconds, 120)));
        var manager = Get(env, "WEBSOCKET_MANAGER");
        if (manager is null || !manager.Equals("redis", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        options.RedisUrl = Get(env, "WEBSOCKET_REDIS_URL") ?? Get(env, "REDIS_URL");
        if (options.RedisUrl is null)
        {
            errors.Add("WEBSOCKET_MANAGER=redis needs WEBSOCKET_REDIS_URL (or REDIS_URL)");
        }

        if (Get(env, "WEBSOCKET_SENTINEL_HOSTS") is { } sentinels)
        {
            options.RedisSentinelHosts = sentinels;
        }

        if (Get(env, "WEBSOCKET_SENTINEL_PORT") is { } port)
        {
            if (int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536)
            {
                options.RedisSentinelPort = number;
            }
            else
            {
                errors.Add($"WEBSOCKET_SENTINEL_PORT: '{port}' is not a port number");
            }
        }

        Bool(env, Get(env, "WEBSOCKET_REDIS_CLUSTER") is null ? "REDIS_CLUSTER" : "WEBSOCKET_REDIS_CLUSTER", errors, v => options.RedisCluster = v);
    }

    // Open WebUI's OpenTelemetry names (backend/open_webui/env.py, "OPENTELEMETRY"); the per-signal names fall back to
    // the general ones when unset, as there.
    private static void ApplyTelemetry(IConfiguration env, TelemetryOptions t, List<string> errors)
    {
        Bool(env, "ENABLE_OTEL", errors, v => t.Enabled = v);
        Bool(env, "ENABLE_OTEL_TRACES", errors, v => t.Traces = v);
        Bool(env, "ENABLE_OTEL_METRICS", errors, v => t.Metrics = v);
        Bool(env, "ENABLE_OTEL_LOGS", errors, v => t.Logs = v);
        t.OtlpEndpoint = Get(env, "OTEL_EXPORTER_OTLP_ENDPOINT") ?? t.OtlpEndpoint;
        t.MetricsOtlpEndpoint = Get(env, "OTEL_METRICS_EXPORTER_OTLP_ENDPOINT") ?? t.MetricsOtlpEndpoint;
        t.LogsOtlpEndpoint = Get(env, "OTEL_LOGS_EXPORTER_OTLP_ENDPOINT") ?? t.LogsOtlpEndpoint;
        Bool(env, "OTEL_EXPORTER_OTLP_INSECURE", errors, v => t.OtlpInsecure = v);
        Bool(env, "OTEL_METRICS_EXPORTER_OTLP_INSECURE", errors, v => t.MetricsOtlpInsecure = v);
        Bool(env, "OTEL_LOGS_EXPORTER_OTLP_INSECURE", errors, v => t.LogsOtlpInsecure = v);
        Transport(env, "OTEL_OTLP_SPAN_EXPORTER", errors, v => t.OtlpProtocol = v);
        Transport(env, "OTEL_METRICS_OTLP_SPAN_EXPORTER", errors, v => t.MetricsOtlpProtocol = v);
        Transport(env, "OTEL_LOGS_OTLP_SPAN_EXPORTER", errors, v => t.LogsOtlpProtocol = v);
        t.BasicAuthUsername = Get(env, "OTEL_BASIC_AUTH_USERNAME") ?? t.BasicAuthUsername;
        t.BasicAuthPassword = Get(env, "OTEL_BASIC_AUTH_PASSWORD") ?? t.BasicAuthPassword;
        t.MetricsBasicAuthUsername = Get(env, "OTEL_METRICS_BASIC_AUTH_USERNAME") ?? t.MetricsBasicAuthUsername;
        t.MetricsBasicAuthPassword = Get(env, "OTEL_METRICS_BASIC_AUTH_PASSWORD") ?? t.MetricsBasicAuthPassword;
        t.LogsBasicAuthUsername = Get(env, "OTEL_LOGS_BASIC_AUTH_USERNAME") ?? t.LogsBasicAuthUsername;
        t.LogsBasicAuthPassword = Get(env, "OTEL_LOGS_BASIC_AUTH_PASSWORD") ?? t.LogsBasicAuthPassword;
        t.ServiceName = Get(env, "OTEL_SERVICE_NAME") ?? t.ServiceName;
        if (Get(env, "OTEL_RESOURCE_ATTRIBUTES") is { } attributes)
        {
            if (!ResourceAttributes.TryParse(attributes, t.ResourceAttributes, out var error))
            {
                errors.Add($"OTEL_RESOURCE_ATTRIBUTES: {error}");
            }
        }

        t.TracesSampler = Get(env, "OTEL_TRACES_SAMPLER")?.Trim().ToLowerInvariant() ?? t.TracesSampler;
        if (Get(env, "OTEL_TRACES_SAMPLER_ARG") is { } ratio)
        {
            if (double.TryParse(ratio, NumberStyles.Float, CultureInfo.InvariantCulture, out var r))
            {
                t.TracesSamplerRatio = r;
            }
            else
            {
                errors.Add($"OTEL_TRACES_SAMPLER_ARG: '{ratio}' is not a number");
            }
        }

        if (Get(env, "OTEL_METRICS_EXPORT_INTERVAL_MILLIS") is { } interval)
        {
            if (int.TryParse(interval, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms > 0)
            {
                t.MetricsExportInterval = TimeSpan.FromMilliseconds(ms);
            }
            else
            {
                errors.Add($"OTEL_METRICS_EXPORT_INTERVAL_MILLIS: '{interval}' is not a positive number of milliseconds");
            }
        }
    }

    private static void Transport(IConfiguration env, string name, List<string> errors, Action<OtlpTransport> set)
    {
        switch (Get(env, name)?.Trim().ToUpperInvariant())
        {
            case null:
                return;
            case "GRPC":
                set(OtlpTransport.Grpc);
                return;
            case "HTTP":
                set(OtlpTransport.Http);
                return;
            default:
                errors.Add($"{name}: '{env[name]}' is not grpc or http");
                return;
        }
    }

    /// <summary>
    /// Reads Open WebUI's completion names: <c>OPENAI_API_BASE_URLS</c> (else <c>OPENAI_API_BASE_URL</c>) and
    /// <c>OPENAI_API_KEYS</c> (else <c>OPENAI_API_KEY</c>), <c>;</c>-separated and matched by position;
    /// <c>ENABLE_OPENAI_API=false</c> drops the upstreams; <c>CHAT_RESPONSE_STREAM_DELTA_CHUNK_SIZE</c>.
    /// </summary>
    public static void ApplyCompletions(IConfiguration env, Completions.CompletionOptions options)
    {
        var errors = options.ConfigurationErrors;
        if ((Get(env, "OPENAI_API_BASE_URLS") ?? Get(env, "OPENAI_API_BASE_URL")) is { } urls)
        {
            options.BaseUrls.Clear();
            foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                options.BaseUrls.Add(url);
            }
        }

        if ((Get(env, "OPENAI_API_KEYS") ?? Get(env, "OPENAI_API_KEY")) is { } keys)
        {
            options.ApiKeys.Clear();
            foreach (var key in keys.Split(';', StringSplitOptions.TrimEntries))
            {
                options.ApiKeys.Add(key);
            }
        }

        Bool(env, "ENABLE_OPENAI_API", errors, enabled =>
        {
            if (!enabled)
            {
                options.BaseUrls.Clear();
            }
        });
        if (Get(env, "CHAT_RESPONSE_STREAM_DELTA_CHUNK_SIZE") is { } chunk)
        {
            if (int.TryParse(chunk, NumberStyles.Integer, CultureInfo.InvariantCulture, out var size) && size >= 1)
            {
                options.StreamDeltaChunkSize = size;
            }
            else
            {
                errors.Add($"CHAT_RESPONSE_STREAM_DELTA_CHUNK_SIZE: '{chunk}' is not a positive whole number");
            }
        }
    }

    // DATABASE_URL, or composed from DATABASE_TYPE/USER/PASSWORD/HOST/PORT/NAME when all of them are set.
    private static string? ComposeDatabaseUrl(IConfiguration env)
    {
        if (Get(env, "DATABASE_URL") is { } url)
        {
            return url;
        }

        var type = Get(env, "DATABASE_TYPE");
        var user = Get(env, "DATABASE_USER");
        var host = Get(env, "DATABASE_HOST");
        var port = Get(env, "DATABASE_PORT");
        var name = Get(env, "DATABASE_NAME");
        if (type is null || user is null || host is null || port is null || name is null)
        {
            return null;
        }

        var password = Get(env, "DATABASE_PASSWORD");
        var credentials = password is null ? Uri.EscapeDataString(user) : $"{Uri.EscapeDataString(user)}:{Uri.EscapeDataString(password)}";
        return $"{type}://{credentials}@{host}:{port}/{name}";
    }

    private static string? Get(IConfiguration env, string name) => env[name] is { Length: > 0 } value ? value : null;

    private static void Seconds(IConfiguration env, string name, List<string> errors, Action<TimeSpan> set)
    {
        if (Get(env, name) is not { } text)
        {
            return;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0 && seconds < 365 * 86400)
        {
            set(TimeSpan.FromSeconds(seconds));
        }
        else
        {
            errors.Add($"{name}: '{text}' is not a positive number of seconds");
        }
    }

    private static void Bool(IConfiguration env, string name, List<string> errors, Action<bool> set)
    {
        switch (Get(env, name)?.Trim().ToUpperInvariant())
        {
            case null:
                return;
            case "TRUE" or "1":
                set(true);
                return;
            case "FALSE" or "0":
                set(false);
                return;
            default:
                errors.Add($"{name}: '{env[name]}' is not true or false");
                return;
        }
    }
}
