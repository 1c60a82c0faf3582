using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Switchboard.Server.Auth;
using Switchboard.Server.Sessions;
using Switchboard.Server.Telemetry;
using Switchboard.Server.Tests.Documents;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Telemetry;

/// <summary>Every log line of a socket's handling carries its socket and user id, and no line ever carries a secret.</summary>
public sealed class LogScopeTests
{
    private const string OtelPassword = "otel-pass-7f3a91c2";
    private const string PayloadPassword = "hunter2-password-c0ffee";
    private const string AccountPassword = "correct-horse-battery-9d1e";
    private const string WrongPassword = "wrong-horse-battery-4b7a";

    [Fact]
    public async Task Session_WithBadPayloads_ScopesPresentAndNoSecretLogged()
    {
        var capture = new CapturingLoggerProvider();
        await using var server = await DocumentServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["ENABLE_OTEL"] = "true",
                ["ENABLE_OTEL_LOGS"] = "true",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
                ["OTEL_BASIC_AUTH_USERNAME"] = "otel",
                ["OTEL_BASIC_AUTH_PASSWORD"] = OtelPassword,
            },
            configure: builder =>
            {
                builder.Logging.AddProvider(capture);
                builder.Logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
            });
        // Signs up and in over REST with a password (and fails once with a wrong one), then connects with the token.
        var url = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        var account = new { name = "Ada", email = "ada@example.com", password = AccountPassword };
        (await http.PostAsJsonAsync(new Uri("/api/v1/auths/signup", UriKind.Relative), account)).EnsureSuccessStatusCode();
        using var wrong = await http.PostAsJsonAsync(new Uri("/api/v1/auths/signin", UriKind.Relative), new { email = account.email, password = WrongPassword });
        Assert.False(wrong.IsSuccessStatusCode);
        using var signin = await http.PostAsJsonAsync(new Uri("/api/v1/auths/signin", UriKind.Relative), new { email = account.email, password = AccountPassword });
        var session = JsonNode.Parse(await signin.EnsureSuccessStatusCode().Content.ReadAsStringAsync())!;
        var token = session["token"]!.GetValue<string>();
        var user = session["id"]!.GetValue<string>();
        var foreign = JwtToken.Create(new JwtClaims { UserId = user }, Encoding.UTF8.GetBytes("another-deployment"));

        // Signed in on connect, and again with user-join (a password where a client should never put one).
        var signedIn = await DocumentSocket.ConnectAsync(server.Engine, token);
        await signedIn.CallAsync("user-join", new { auth = new { token, password = PayloadPassword } });
        // Bad payloads, each refused with a log line.
        await signedIn.CallAsync("ydoc:document:join", new { document_id = 5 });
        await signedIn.CallAsync("ydoc:document:update", new { document_id = "note:nothing" });
        await signedIn.CallAsync("events:channel", "\"garbage\"");
        await signedIn.CallAsync("join-channels", new { auth = new { token = foreign } });
        await signedIn.CallAsync("user-join", new { auth = new { token = foreign, password = PayloadPassword } });
        // A socket whose connect token is refused stays anonymous, and its events are refused.
        var anonymous = await DocumentSocket.ConnectAsync(server.Engine, foreign);
        await anonymous.CallAsync("heartbeat", new { });
        await anonymous.CallAsync("user-join", new { auth = new { token = "not-a-token-" + PayloadPassword } });
        await signedIn.CloseAsync();
        await DocumentServer.WaitForAsync(
            () => Task.FromResult(server.Services.GetRequiredService<SessionRegistry>().Count == 1), "the disconnect");

        var logs = capture.Logs.ToArray();
        foreach (var secret in new[] { token, foreign, ServerHost.Secret, OtelPassword, PayloadPassword, AccountPassword, WrongPassword })
        {
            Assert.DoesNotContain(logs, l => l.AllText().Contains(secret, StringComparison.Ordinal));
        }

        var rejected = logs.Where(l => l.EventName == "EventRejected" && (string?)l.Property("SocketId") == signedIn.Sid).ToArray();
        Assert.Equal(5, rejected.Length);
        Assert.All(rejected, l =>
        {
            Assert.Equal(signedIn.Sid, l.Scope(SocketLogScope.SocketIdKey));
            Assert.Equal(user, l.Scope(SocketLogScope.UserIdKey));
        });

        var connected = Assert.Single(logs, l => l.EventName == "Connected" && (string?)l.Property("SocketId") == signedIn.Sid);
        Assert.Equal(user, connected.Scope(SocketLogScope.UserIdKey));

        var refused = logs.Where(l => l.EventName is "AnonymousRefused" or "EventRejected" && (string?)l.Property("SocketId") == anonymous.Sid).ToArray();
        Assert.Equal(2, refused.Length);
        Assert.All(refused, l =>
        {
            Assert.Equal(anonymous.Sid, l.Scope(SocketLogScope.SocketIdKey));
            Assert.Null(l.Scope(SocketLogScope.UserIdKey));
        });
    }
}
