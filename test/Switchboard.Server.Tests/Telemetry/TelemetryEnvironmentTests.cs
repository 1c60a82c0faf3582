using Microsoft.Extensions.Configuration;
using Switchboard.Server.Configuration;
using Switchboard.Server.Telemetry;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>Open WebUI's OpenTelemetry names (backend/open_webui/env.py) mapped onto <see cref="TelemetryOptions"/>.</summary>
public sealed class TelemetryEnvironmentTests
{
    private static SwitchboardOptions Apply(params (string Key, string Value)[] env)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(env.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))).Build();
        var options = new SwitchboardOptions();
        new OpenWebUIEnvironment(configuration).Configure(options);
        return options;
    }

    private static IReadOnlyList<string> Failures(SwitchboardOptions options)
    {
        var result = new SwitchboardOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void Configure_Nothing_OffWithOpenWebUIsDefaults()
    {
        var t = Apply().Telemetry;

        Assert.False(t.Enabled);
        Assert.False(t.TracesOn || t.MetricsOn || t.LogsOn || t.PrometheusOn);
        Assert.Equal("http://localhost:4317", t.OtlpEndpoint);
        Assert.Equal(OtlpTransport.Grpc, t.OtlpProtocol);
        Assert.Equal("parentbased_always_on", t.TracesSampler);
        Assert.Equal(TimeSpan.FromSeconds(10), t.MetricsExportInterval);
        Assert.Equal("/metrics", t.PrometheusEndpoint);
    }

    [Fact]
    public void Configure_OpenWebUINames_Applied()
    {
        var options = Apply(
            ("ENABLE_OTEL", "true"),
            ("ENABLE_OTEL_TRACES", "True"),
            ("ENABLE_OTEL_METRICS", "true"),
            ("ENABLE_OTEL_LOGS", "false"),
            ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317"),
            ("OTEL_METRICS_EXPORTER_OTLP_ENDPOINT", "http://metrics:4318"),
            ("OTEL_EXPORTER_OTLP_INSECURE", "true"),
            ("OTEL_OTLP_SPAN_EXPORTER", "grpc"),
            ("OTEL_METRICS_OTLP_SPAN_EXPORTER", "HTTP"),
            ("OTEL_BASIC_AUTH_USERNAME", "otel"),
            ("OTEL_BASIC_AUTH_PASSWORD", "pw"),
            ("OTEL_SERVICE_NAME", "switchboard-eu"),
            ("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment=prod, team=chat%20ops"),
            ("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"),
            ("OTEL_TRACES_SAMPLER_ARG", "0.25"),
            ("OTEL_METRICS_EXPORT_INTERVAL_MILLIS", "2500"));
        var t = options.Telemetry;

        Assert.Empty(Failures(options));
        Assert.True(t.TracesOn);
        Assert.True(t.MetricsOn);
        Assert.False(t.LogsOn);
        Assert.True(t.PrometheusOn);
        Assert.Equal("collector:4317", t.OtlpEndpoint);
        Assert.Equal(new Uri("http://collector:4317"), TelemetryOptionsCheck.Endpoint(t.OtlpEndpoint, t.OtlpInsecure));
        Assert.Equal("http://metrics:4318", t.MetricsOtlpEndpoint);
        Assert.Null(t.LogsOtlpEndpoint);
        Assert.Equal(OtlpTransport.Grpc, t.OtlpProtocol);
        Assert.Equal(OtlpTransport.Http, t.MetricsOtlpProtocol);
        Assert.Equal(("otel", "pw"), (t.BasicAuthUsername, t.BasicAuthPassword));
        Assert.Equal("switchboard-eu", t.ServiceName);
        Assert.Equal("prod", t.ResourceAttributes["deployment.environment"]);
        Assert.Equal("chat ops", t.ResourceAttributes["team"]);
        Assert.Equal(0.25, t.TracesSamplerRatio);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), t.MetricsExportInterval);
    }

    [Fact]
    public void Configure_SecureEndpointWithoutScheme_Https()
    {
        var t = Apply(("ENABLE_OTEL", "true"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317")).Telemetry;

        Assert.Equal(new Uri("https://collector:4317"), TelemetryOptionsCheck.Endpoint(t.OtlpEndpoint, t.OtlpInsecure));
    }

    [Theory]
    [InlineData("ENABLE_OTEL", "yes")]
    [InlineData("OTEL_OTLP_SPAN_EXPORTER", "zipkin")]
    [InlineData("OTEL_RESOURCE_ATTRIBUTES", "=novalue")]
    [InlineData("OTEL_METRICS_EXPORT_INTERVAL_MILLIS", "0")]
    [InlineData("OTEL_TRACES_SAMPLER", "sometimes")]
    [InlineData("OTEL_TRACES_SAMPLER_ARG", "2")]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector")]
    public void Configure_BadValue_FailsTheStartNamingIt(string name, string value)
    {
        var options = name == "ENABLE_OTEL" ? Apply((name, value)) : Apply(("ENABLE_OTEL", "true"), (name, value));

        Assert.Contains(Failures(options), f => f.Contains(name, StringComparison.Ordinal));
    }
}
