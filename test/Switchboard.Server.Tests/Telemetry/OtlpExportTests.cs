using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>
/// OTLP export as Open WebUI's variables configure it, received by a small HTTP collector on loopback: the signal
/// paths, the basic-auth header, and the service name in the payload.
/// </summary>
[Collection(SerialTelemetryTests.Name)]
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Export_HttpWithBasicAuth_CollectorGetsTracesAndMetricsWithTheHeader()
    {
        var received = new ConcurrentQueue<(string Path, string? Authorization, byte[] Body)>();
        await using var collector = await StartCollectorAsync(received);
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database, new Dictionary<string, string?>
        {
            ["ENABLE_OTEL"] = "true",
            ["ENABLE_OTEL_TRACES"] = "true",
            ["ENABLE_OTEL_METRICS"] = "true",
            ["OTEL_OTLP_SPAN_EXPORTER"] = "http",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Urls.First(),
            ["OTEL_BASIC_AUTH_USERNAME"] = "otel",
            ["OTEL_BASIC_AUTH_PASSWORD"] = "s3cret",
            ["OTEL_SERVICE_NAME"] = "switchboard-under-test",
            ["OTEL_METRICS_EXPORT_INTERVAL_MILLIS"] = "200",
        });
        using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = TimeSpan.FromSeconds(60) };
        (await http.GetAsync(new Uri("/ws/socket.io/?EIO=4&transport=polling", UriKind.Relative))).Dispose();

        // Exports every 200 ms: one taken before the connection's instruments recorded anything lacks them (CI saw
        // that), so wait for an export that has them; one that never comes fails after 60 s.
        static bool Complete((string Path, string? Authorization, byte[] Body) r) =>
            r.Path == "/v1/metrics" && Contains(r.Body, "switchboard-under-test") && Contains(r.Body, "engineio.server.connections");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(received.Any(Complete) && received.Any(r => r.Path == "/v1/traces")))
        {
            Assert.False(cts.IsCancellationRequested, "the collector got: " + string.Join(", ", received.Select(r => r.Path)));
            await Task.Delay(50);
        }

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("otel:s3cret"));
        Assert.All(received, r => Assert.Equal(expected, r.Authorization));
    }

    private static bool Contains(byte[] body, string text) => Encoding.UTF8.GetString(body).Contains(text, StringComparison.Ordinal);

    // A stand-in OTLP/HTTP collector: records each POST and answers 200 with an empty protobuf response.
    private static async Task<WebApplication> StartCollectorAsync(ConcurrentQueue<(string, string?, byte[])> received)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            received.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, body.ToArray()));
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "application/x-protobuf";
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return app;
    }
}
