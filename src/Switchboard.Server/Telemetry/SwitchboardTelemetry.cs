using System.Text;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Switchboard.Server.Configuration;
using Switchboard.SocketIO;

namespace Switchboard.Server.Telemetry;

/// <summary>
/// Wires OpenTelemetry from <see cref="TelemetryOptions"/> (Open WebUI's <c>ENABLE_OTEL</c>/<c>OTEL_*</c> names):
/// traces of ASP.NET Core, HttpClient and the Socket.IO layer; metrics of those and of the server's own meter, pushed
/// over OTLP and served as Prometheus text; logs with their scopes over OTLP. Nothing is registered when it is off.
/// </summary>
public static class SwitchboardTelemetry
{
    /// <summary>The server's own meter (see <see cref="ServerMetrics"/> for its instruments).</summary>
    public const string MeterName = "Switchboard.Server";

    /// <summary>
    /// Registers OpenTelemetry as the configuration asks. Call after every configuration source is added (it reads the
    /// configuration now, to register nothing at all when telemetry is off); <see cref="SwitchboardApp.Build"/> does.
    /// </summary>
    public static WebApplicationBuilder AddSwitchboardTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new SwitchboardOptions();
        new OpenWebUIEnvironment(builder.Configuration).Configure(options);
        var t = options.Telemetry;
        if (!(t.TracesOn || t.MetricsOn || t.LogsOn) || options.ConfigurationErrors.Count > 0 || TelemetryOptionsCheck.Failures(t).Count > 0)
        {
            // Off, or misconfigured: the start fails on the options' validation, which names the problem.
            return builder;
        }

        var otel = builder.Services.AddOpenTelemetry().ConfigureResource(r =>
        {
            r.AddService(t.ServiceName);
            r.AddAttributes(t.ResourceAttributes.Select(a => new KeyValuePair<string, object>(a.Key, a.Value)));
        });
        if (t.TracesOn)
        {
            otel.WithTracing(tracing => tracing
                .SetSampler(TelemetryOptionsCheck.Sampler(t))
                .AddSource(SocketIOTelemetry.ActivitySourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsScrape(context, t))
                .AddHttpClientInstrumentation()
                .AddOtlpExporter(o => Otlp(o, t.OtlpEndpoint, t.OtlpInsecure, t.OtlpProtocol, t.BasicAuthUsername, t.BasicAuthPassword, "v1/traces")));
        }

        if (t.MetricsOn)
        {
            otel.WithMetrics(metrics =>
            {
                metrics.AddMeter(SocketIOTelemetry.MeterName, MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                if (t.MetricsOtlpExport)
                {
                    metrics.AddOtlpExporter((o, reader) =>
                    {
                        Otlp(o, t.MetricsOtlpEndpoint ?? t.OtlpEndpoint, t.MetricsOtlpInsecure ?? t.OtlpInsecure, t.MetricsOtlpProtocol ?? t.OtlpProtocol,
                            t.MetricsBasicAuthUsername ?? t.BasicAuthUsername, t.MetricsBasicAuthPassword ?? t.BasicAuthPassword, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)t.MetricsExportInterval.TotalMilliseconds;
                    });
                }

                if (t.PrometheusOn)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        }

        if (t.LogsOn)
        {
            otel.WithLogging(
                logging => logging.AddOtlpExporter(o => Otlp(o, t.LogsOtlpEndpoint ?? t.OtlpEndpoint, t.LogsOtlpInsecure ?? t.OtlpInsecure,
                    t.LogsOtlpProtocol ?? t.OtlpProtocol, t.LogsBasicAuthUsername ?? t.BasicAuthUsername, t.LogsBasicAuthPassword ?? t.BasicAuthPassword, "v1/logs")),
                o =>
                {
                    // The socket and user ids are scopes (RealtimeHandlers); they become the records' attributes.
                    o.IncludeScopes = true;
                    o.IncludeFormattedMessage = true;
                });
        }

        return builder;
    }

    /// <summary>Serves the Prometheus text at <see cref="TelemetryOptions.PrometheusEndpoint"/> when metrics and the endpoint are on.</summary>
    public static WebApplication MapSwitchboardTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var t = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SwitchboardOptions>>().Value.Telemetry;
        if (t.PrometheusOn && app.Services.GetService<MeterProvider>() is not null)
        {
            app.MapPrometheusScrapingEndpoint(t.PrometheusEndpoint!);
        }

        return app;
    }

    private static bool IsScrape(HttpContext context, TelemetryOptions t) =>
        t.PrometheusOn && context.Request.Path.StartsWithSegments(t.PrometheusEndpoint) ||
        context.Request.Path.StartsWithSegments("/healthz") || context.Request.Path.StartsWithSegments("/readyz");

    // Open WebUI hands the endpoint to its exporters as is. Here an endpoint without a scheme gets http:// when insecure
    // (https:// otherwise), and an HTTP endpoint without a path gets the signal's path (/v1/traces, ...), which is what
    // a collector listening on :4318 expects.
    private static void Otlp(OtlpExporterOptions o, string endpoint, bool insecure, OtlpTransport transport, string? user, string? password, string signalPath)
    {
        var uri = TelemetryOptionsCheck.Endpoint(endpoint, insecure);
        o.Protocol = transport == OtlpTransport.Http ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        if (transport == OtlpTransport.Http && uri.AbsolutePath is "" or "/")
        {
            uri = new Uri(uri, signalPath);
        }

        o.Endpoint = uri;
        if (!string.IsNullOrEmpty(user) && !string.IsNullOrEmpty(password))
        {
            o.Headers = "Authorization=Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password));
        }
    }
}
