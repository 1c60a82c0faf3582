namespace Switchboard.Server.Telemetry;

/// <summary>
/// OpenTelemetry settings (section <c>Switchboard:Telemetry</c>), set from Open WebUI's own names
/// (<c>ENABLE_OTEL</c>, <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, ...; see README, "Telemetry"). Off by default.
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>Telemetry at all (<c>ENABLE_OTEL</c>); traces, metrics and logs each need their own switch too. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>Traces (<c>ENABLE_OTEL_TRACES</c>): spans of HTTP requests, outgoing HTTP calls and Socket.IO events. Default false.</summary>
    public bool Traces { get; set; }

    /// <summary>Metrics (<c>ENABLE_OTEL_METRICS</c>): exported over OTLP and served at <see cref="PrometheusEndpoint"/>. Default false.</summary>
    public bool Metrics { get; set; }

    /// <summary>Logs exported over OTLP, with their scopes (<c>ENABLE_OTEL_LOGS</c>). Default false.</summary>
    public bool Logs { get; set; }

    /// <summary>The OTLP collector (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>). Default <c>http://localhost:4317</c>, as Open WebUI.</summary>
    public string OtlpEndpoint { get; set; } = "http://localhost:4317";

    /// <summary>The collector for metrics (<c>OTEL_METRICS_EXPORTER_OTLP_ENDPOINT</c>); <see cref="OtlpEndpoint"/> when unset.</summary>
    public string? MetricsOtlpEndpoint { get; set; }

    /// <summary>The collector for logs (<c>OTEL_LOGS_EXPORTER_OTLP_ENDPOINT</c>); <see cref="OtlpEndpoint"/> when unset.</summary>
    public string? LogsOtlpEndpoint { get; set; }

    /// <summary>
    /// Plain-text gRPC to an endpoint written without a scheme (<c>OTEL_EXPORTER_OTLP_INSECURE</c>): <c>collector:4317</c>
    /// becomes <c>http://collector:4317</c> rather than <c>https://</c>. Default false.
    /// </summary>
    public bool OtlpInsecure { get; set; }

    /// <summary><see cref="OtlpInsecure"/> for metrics (<c>OTEL_METRICS_EXPORTER_OTLP_INSECURE</c>); the general one when unset.</summary>
    public bool? MetricsOtlpInsecure { get; set; }

    /// <summary><see cref="OtlpInsecure"/> for logs (<c>OTEL_LOGS_EXPORTER_OTLP_INSECURE</c>); the general one when unset.</summary>
    public bool? LogsOtlpInsecure { get; set; }

    /// <summary>OTLP over gRPC or HTTP/protobuf (<c>OTEL_OTLP_SPAN_EXPORTER</c>: <c>grpc</c> or <c>http</c>). Default gRPC.</summary>
    public OtlpTransport OtlpProtocol { get; set; } = OtlpTransport.Grpc;

    /// <summary><see cref="OtlpProtocol"/> for metrics (<c>OTEL_METRICS_OTLP_SPAN_EXPORTER</c>); the general one when unset.</summary>
    public OtlpTransport? MetricsOtlpProtocol { get; set; }

    /// <summary><see cref="OtlpProtocol"/> for logs (<c>OTEL_LOGS_OTLP_SPAN_EXPORTER</c>); the general one when unset.</summary>
    public OtlpTransport? LogsOtlpProtocol { get; set; }

    /// <summary>Basic-auth user for the collector (<c>OTEL_BASIC_AUTH_USERNAME</c>); sent only with a password.</summary>
    public string? BasicAuthUsername { get; set; }

    /// <summary>Basic-auth password for the collector (<c>OTEL_BASIC_AUTH_PASSWORD</c>). Never logged.</summary>
    public string? BasicAuthPassword { get; set; }

    /// <summary>Basic-auth user for metrics (<c>OTEL_METRICS_BASIC_AUTH_USERNAME</c>); the general one when unset.</summary>
    public string? MetricsBasicAuthUsername { get; set; }

    /// <summary>Basic-auth password for metrics (<c>OTEL_METRICS_BASIC_AUTH_PASSWORD</c>); the general one when unset.</summary>
    public string? MetricsBasicAuthPassword { get; set; }

    /// <summary>Basic-auth user for logs (<c>OTEL_LOGS_BASIC_AUTH_USERNAME</c>); the general one when unset.</summary>
    public string? LogsBasicAuthUsername { get; set; }

    /// <summary>Basic-auth password for logs (<c>OTEL_LOGS_BASIC_AUTH_PASSWORD</c>); the general one when unset.</summary>
    public string? LogsBasicAuthPassword { get; set; }

    /// <summary><c>service.name</c> (<c>OTEL_SERVICE_NAME</c>). Default <c>switchboard</c>, so it is told apart from Open WebUI's own.</summary>
    public string ServiceName { get; set; } = "switchboard";

    /// <summary>More resource attributes (<c>OTEL_RESOURCE_ATTRIBUTES</c>, <c>key1=value1,key2=value2</c>).</summary>
    public IDictionary<string, string> ResourceAttributes { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// The trace sampler (<c>OTEL_TRACES_SAMPLER</c>): <c>always_on</c>, <c>always_off</c>, <c>traceidratio</c> or
    /// <c>parentbased_</c> one of those. Default <c>parentbased_always_on</c>, as Open WebUI.
    /// </summary>
    public string TracesSampler { get; set; } = "parentbased_always_on";

    /// <summary>The ratio of the <c>traceidratio</c> samplers (<c>OTEL_TRACES_SAMPLER_ARG</c>), 0 to 1. Default 1.</summary>
    public double TracesSamplerRatio { get; set; } = 1;

    /// <summary>How often metrics are pushed over OTLP (<c>OTEL_METRICS_EXPORT_INTERVAL_MILLIS</c>). Default 10 s, as Open WebUI.</summary>
    public TimeSpan MetricsExportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Push metrics over OTLP when they are on. False serves them only at <see cref="PrometheusEndpoint"/>. Default true.</summary>
    public bool MetricsOtlpExport { get; set; } = true;

    /// <summary>
    /// The path of the Prometheus text endpoint, served on the server's own port when metrics are on. Default
    /// <c>/metrics</c>; empty turns it off.
    /// </summary>
    public string? PrometheusEndpoint { get; set; } = "/metrics";

    /// <summary>Whether traces are exported (<see cref="Enabled"/> and <see cref="Traces"/>).</summary>
    public bool TracesOn => Enabled && Traces;

    /// <summary>Whether metrics are collected (<see cref="Enabled"/> and <see cref="Metrics"/>).</summary>
    public bool MetricsOn => Enabled && Metrics;

    /// <summary>Whether logs are exported (<see cref="Enabled"/> and <see cref="Logs"/>).</summary>
    public bool LogsOn => Enabled && Logs;

    /// <summary>Whether <see cref="PrometheusEndpoint"/> is served.</summary>
    public bool PrometheusOn => MetricsOn && !string.IsNullOrEmpty(PrometheusEndpoint);
}
