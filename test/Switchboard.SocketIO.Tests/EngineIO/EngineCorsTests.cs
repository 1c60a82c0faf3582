using System.Net;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>Origin allow-list and CORS headers (socketio-wire.md §3.9).</summary>
public class EngineCorsTests
{
    [Fact]
    public async Task CrossOrigin_DefaultSameOriginOnly_Forbidden()
    {
        await using var host = await EngineTestHost.StartAsync();

        using var response = await SendAsync(host, HttpMethod.Get, "https://evil.example");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("{\"code\":4,\"message\":\"Forbidden\"}", await response.Content.ReadAsStringAsync().DefaultTimeout());
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task SameOrigin_Default_AllowedWithoutCorsHeaders()
    {
        await using var host = await EngineTestHost.StartAsync();

        using var response = await SendAsync(host, HttpMethod.Get, host.BaseUri.GetLeftPart(UriPartial.Authority));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task AnyOrigin_Star_AllowOriginStarOnResponsesAndErrors()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.AllowedOrigins.Add("*"));

        using var ok = await SendAsync(host, HttpMethod.Get, "https://app.example");
        using var error = await SendAsync(host, HttpMethod.Get, "https://app.example", "/engine.io/?EIO=4&transport=nope");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("*", ok.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("*", error.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task ListedOrigin_WithCredentials_EchoedWithCredentialsAndVary()
    {
        await using var host = await EngineTestHost.StartAsync(o =>
        {
            o.AllowedOrigins.Add("https://chat.example");
            o.AllowCredentials = true;
        });

        using var allowed = await SendAsync(host, HttpMethod.Get, "https://chat.example");
        using var other = await SendAsync(host, HttpMethod.Get, "https://other.example");

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("https://chat.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", allowed.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Contains("Origin", allowed.Headers.Vary);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task Preflight_AllowedOrigin_204WithMethodsAndEchoedHeaders()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.AllowedOrigins.Add("*"));
        using var request = new HttpRequestMessage(HttpMethod.Options, EngineTestHost.Url());
        request.Headers.Add("Origin", "https://app.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,x-custom");

        using var response = await host.Http.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("authorization,x-custom", response.Headers.GetValues("Access-Control-Allow-Headers").Single());
    }

    [Fact]
    public async Task Preflight_RefusedOrigin_Forbidden()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, EngineTestHost.Url());
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        using var response = await host.Http.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AllowRequest_ReturnsFalse_Forbidden()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.AllowRequest = _ => ValueTask.FromResult(false));

        var (status, body) = await host.GetAsync(EngineTestHost.Url());

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("{\"code\":4,\"message\":\"Forbidden\"}", body);
    }

    private static Task<HttpResponseMessage> SendAsync(EngineTestHost host, HttpMethod method, string origin, string? url = null)
    {
        var request = new HttpRequestMessage(method, url ?? EngineTestHost.Url());
        request.Headers.Add("Origin", origin);
        return host.Http.SendAsync(request).DefaultTimeout();
    }
}
