using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary><c>/metrics</c> over HTTP after a Socket.IO session scripted over Engine.IO long-polling, packet by packet.</summary>
[Collection(SerialTelemetryTests.Name)]
public sealed class PrometheusEndpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static Dictionary<string, string?> MetricsOn(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ENABLE_OTEL"] = "true",
            ["ENABLE_OTEL_METRICS"] = "true",
            ["Switchboard:Telemetry:MetricsOtlpExport"] = "false",
            ["Switchboard:PingInterval"] = "00:05:00", // no ping during the test: the packet counts are exact
            ["Switchboard:PingTimeout"] = "00:05:00",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    [Fact]
    public async Task Metrics_AfterPollingSession_CountsConnectionsPacketsAndSockets()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database, MetricsOn());
        var user = await Seed.UserAsync(host);
        var token = JwtToken.Create(new JwtClaims { UserId = user.Id }, Encoding.UTF8.GetBytes(ServerHost.Secret));
        using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = Timeout };

        // Open (server: 1 packet out), Socket.IO CONNECT with the token (1 in) and its answer (1 out).
        var open = await GetAsync(http, "/ws/socket.io/?EIO=4&transport=polling");
        var sid = JsonNode.Parse(open[1..])!["sid"]!.GetValue<string>();
        var path = $"/ws/socket.io/?EIO=4&transport=polling&sid={sid}";
        await PostAsync(http, path, "40" + JsonSerializer.Serialize(new { token }));
        Assert.StartsWith("40{", await GetAsync(http, path), StringComparison.Ordinal);

        // user-join with an ack (1 in, 1 out), then a heartbeat (1 in).
        await PostAsync(http, path, "421" + JsonSerializer.Serialize(new object[] { "user-join", new { auth = new { token } } }));
        Assert.StartsWith("431[", await GetAsync(http, path), StringComparison.Ordinal);
        await PostAsync(http, path, "42" + JsonSerializer.Serialize(new object[] { "heartbeat", new { } }));

        var during = await ScrapeUntilAsync(http, text => PrometheusText.Sum(text, "switchboard_users_active") == 1);
        Assert.Equal(1, PrometheusText.Sum(during, "socketio_server_active_sockets", ("socketio_namespace", "/")));
        Assert.Equal(1, PrometheusText.Sum(during, "switchboard_sockets", ("switchboard_socket_authenticated", "true")));

        // The client closes the Engine.IO session (1 in).
        await PostAsync(http, path, "1");
        var after = await ScrapeUntilAsync(http, text => PrometheusText.Sum(text, "socketio_server_disconnects_total") == 1);

        Assert.Equal(1, PrometheusText.Sum(after, "engineio_server_connections_total", ("engineio_transport", "polling")));
        Assert.Equal(4, PrometheusText.Sum(after, "engineio_server_packets_total", ("engineio_transport", "polling"), ("network_io_direction", "receive")));
        Assert.Equal(3, PrometheusText.Sum(after, "engineio_server_packets_total", ("engineio_transport", "polling"), ("network_io_direction", "transmit")));
        Assert.Equal(1, PrometheusText.Sum(after, "socketio_server_connects_total", ("socketio_namespace", "/")));
        Assert.Equal(0, PrometheusText.Sum(after, "socketio_server_active_sockets", ("socketio_namespace", "/")));
        Assert.Equal(0, PrometheusText.Sum(after, "engineio_server_active_connections"));
        Assert.Equal(0, PrometheusText.Sum(after, "switchboard_users_active"));
        Assert.True(PrometheusText.Sum(after, "engineio_server_io_bytes_total", ("network_io_direction", "receive")) > 0);
    }

    [Fact]
    public async Task Metrics_TelemetryOff_NotServed()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database);
        using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = Timeout };

        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_OtherPath_ServedThere()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database, MetricsOn(("Switchboard:Telemetry:PrometheusEndpoint", "/internal/prometheus")));
        using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = Timeout };

        using var moved = await http.GetAsync(new Uri("/internal/prometheus", UriKind.Relative));
        using var old = await http.GetAsync(new Uri("/metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Contains("target_info", await moved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
    }

    private static async Task<string> GetAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task PostAsync(HttpClient http, string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "text/plain");
        using var response = await http.PostAsync(new Uri(path, UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
    }

    // The server handles a packet after answering its POST: scrape until the numbers say it has.
    private static async Task<string> ScrapeUntilAsync(HttpClient http, Func<string, bool> condition)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (true)
        {
            var text = await GetAsync(http, "/metrics");
            if (condition(text))
            {
                return text;
            }

            if (cts.IsCancellationRequested)
            {
                Assert.Fail("the metrics never showed the expected values:\n" + text);
            }

            await Task.Delay(50);
        }
    }
}
