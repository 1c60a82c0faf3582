using OpenTelemetry.Trace;

namespace Switchboard.Server.Telemetry;

/// <summary>Validation of <see cref="TelemetryOptions"/>, and the values derived from them (endpoints, sampler).</summary>
internal static class TelemetryOptionsCheck
{
    private static readonly string[] Samplers =
        ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"];

    public static List<string> Failures(TelemetryOptions t)
    {
        var failures = new List<string>();
        if (!t.Enabled)
        {
            return failures;
        }

        foreach (var (name, endpoint) in new[] { ("OTEL_EXPORTER_OTLP_ENDPOINT", t.OtlpEndpoint), ("OTEL_METRICS_EXPORTER_OTLP_ENDPOINT", t.MetricsOtlpEndpoint), ("OTEL_LOGS_EXPORTER_OTLP_ENDPOINT", t.LogsOtlpEndpoint) })
        {
            if (endpoint is not null && !TryEndpoint(endpoint, insecure: true, out _))
            {
                failures.Add($"{name}: '{endpoint}' is not an http(s) URL or host:port.");
            }
        }

        if (!Samplers.Contains(t.TracesSampler, StringComparer.Ordinal))
        {
            failures.Add($"OTEL_TRACES_SAMPLER: '{t.TracesSampler}' is not one of {string.Join(", ", Samplers)}.");
        }

        if (t.TracesSamplerRatio is < 0 or > 1 || double.IsNaN(t.TracesSamplerRatio))
        {
            failures.Add("OTEL_TRACES_SAMPLER_ARG must be between 0 and 1.");
        }

        if (t.MetricsExportInterval <= TimeSpan.Zero || t.MetricsExportInterval.TotalMilliseconds > int.MaxValue)
        {
            failures.Add("OTEL_METRICS_EXPORT_INTERVAL_MILLIS must be a positive number of milliseconds.");
        }

        if (!string.IsNullOrEmpty(t.PrometheusEndpoint) && !t.PrometheusEndpoint.StartsWith('/'))
        {
            failures.Add($"Telemetry:PrometheusEndpoint: '{t.PrometheusEndpoint}' is not a path starting with '/'.");
        }

        if (string.IsNullOrWhiteSpace(t.ServiceName))
        {
            failures.Add("OTEL_SERVICE_NAME must not be blank.");
        }

        return failures;
    }

    /// <summary>The collector's URL: <paramref name="endpoint"/>, with <c>http://</c> (insecure) or <c>https://</c> when it has no scheme.</summary>
    public static Uri Endpoint(string endpoint, bool insecure) =>
        TryEndpoint(endpoint, insecure, out var uri) ? uri : throw new InvalidOperationException($"'{endpoint}' is not an OTLP endpoint.");

    private static bool TryEndpoint(string endpoint, bool insecure, out Uri uri)
    {
        var text = endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : (insecure ? "http://" : "https://") + endpoint;
        return Uri.TryCreate(text, UriKind.Absolute, out uri!) && uri.Scheme is "http" or "https" && uri.Host.Length > 0;
    }

    public static Sampler Sampler(TelemetryOptions t) => t.TracesSampler switch
    {
        "always_on" => new AlwaysOnSampler(),
        "always_off" => new AlwaysOffSampler(),
        "traceidratio" => new TraceIdRatioBasedSampler(t.TracesSamplerRatio),
        "parentbased_always_off" => new ParentBasedSampler(new AlwaysOffSampler()),
        "parentbased_traceidratio" => new ParentBasedSampler(new TraceIdRatioBasedSampler(t.TracesSamplerRatio)),
        _ => new ParentBasedSampler(new AlwaysOnSampler()),
    };
}
