using System.Net;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>Request checks and error answers of socketio-wire.md §3.1, each while another session carries on.</summary>
public class EngineRequestErrorTests
{
    [Theory]
    [InlineData("GET", "/engine.io/?EIO=4", 400, "{\"code\":0,\"message\":\"Transport unknown\"}")]
    [InlineData("GET", "/engine.io/?EIO=4&transport=abc", 400, "{\"code\":0,\"message\":\"Transport unknown\"}")]
    [InlineData("GET", "/engine.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA", 400, "{\"code\":1,\"message\":\"Session ID unknown\"}")]
    [InlineData("POST", "/engine.io/?EIO=4&transport=polling&sid=nope", 400, "{\"code\":1,\"message\":\"Session ID unknown\"}")]
    [InlineData("POST", "/engine.io/?EIO=4&transport=polling", 400, "{\"code\":2,\"message\":\"Bad handshake method\"}")]
    [InlineData("PUT", "/engine.io/?EIO=4&transport=polling", 400, "{\"code\":2,\"message\":\"Bad handshake method\"}")]
    [InlineData("OPTIONS", "/engine.io/?EIO=4&transport=polling", 400, "{\"code\":2,\"message\":\"Bad handshake method\"}")]
    [InlineData("GET", "/engine.io/?EIO=4&transport=websocket", 400, "{\"code\":3,\"message\":\"Bad request\"}")]
    [InlineData("GET", "/engine.io/?transport=polling", 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}")]
    [InlineData("GET", "/engine.io/?EIO=abc&transport=polling", 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}")]
    [InlineData("GET", "/engine.io/?EIO=3&transport=polling", 400, "{\"code\":5,\"message\":\"Unsupported protocol version\"}")]
    [InlineData("POST", "/engine.io/?EIO=abc&transport=polling", 400, "{\"code\":2,\"message\":\"Bad handshake method\"}")]
    public async Task Request_Invalid_ErrorCodeAndBody(string method, string url, int status, string body)
    {
        await using var host = await EngineTestHost.StartAsync();
        var bystander = await host.HandshakeAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        using var response = await host.Http.SendAsync(request).DefaultTimeout();

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(body, await response.Content.ReadAsStringAsync().DefaultTimeout());
        await AssertEchoesAsync(host, bystander);
    }

    [Theory]
    [InlineData("GET", "EIO=3&transport=polling")]
    [InlineData("POST", "EIO=5&transport=polling")]
    [InlineData("PUT", "EIO=4&transport=polling")]
    [InlineData("DELETE", "EIO=4&transport=polling")]
    [InlineData("GET", "EIO=4&transport=websocket")]
    public async Task Request_KnownSidWrongEioMethodOrTransport_BadRequest(string method, string query)
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var bystander = await host.HandshakeAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), $"/engine.io/?{query}&sid={sid}");
        using var response = await host.Http.SendAsync(request).DefaultTimeout();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"code\":3,\"message\":\"Bad request\"}", await response.Content.ReadAsStringAsync().DefaultTimeout());
        await AssertEchoesAsync(host, bystander);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("bAQIDB")]
    [InlineData("4hello\u001ebAQI")]
    [InlineData("7")]
    [InlineData("4hello\u001e9")]
    [InlineData("4hello\u001eb!!!")]
    [InlineData("\u001e4hello")]
    [InlineData("4a\u001e\u001e4b")]
    [InlineData("2")]
    public async Task Post_MalformedPayload_400AndOnlyThatSessionCloses(string payload)
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var bystander = await host.HandshakeAsync();

        var (status, body) = await host.PostAsync(EngineTestHost.Url(sid), payload);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"code\":3,\"message\":\"Bad request\"}", body);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.GetAsync(EngineTestHost.Url(sid))).Status);
        await AssertEchoesAsync(host, bystander);
    }

    [Fact]
    public async Task Post_BinaryContentType_400AndSessionCloses()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();

        var (status, _) = await host.PostAsync(EngineTestHost.Url(sid), "4hello", "application/octet-stream");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("{\"code\":1,\"message\":\"Session ID unknown\"}", (await host.GetAsync(EngineTestHost.Url(sid))).Body);
    }

    [Fact]
    public async Task Post_OverMaxPayload_413AndSessionStaysOpen()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxPayload = 100);
        var sid = await host.HandshakeAsync();

        var (status, body) = await host.PostAsync(EngineTestHost.Url(sid), "4" + new string('x', 100));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Equal("", body);
        await AssertEchoesAsync(host, sid);
    }

    [Fact]
    public async Task Post_ExactlyMaxPayload_Accepted()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.MaxPayload = 100);
        var sid = await host.HandshakeAsync();

        var (status, _) = await host.PostAsync(EngineTestHost.Url(sid), "4" + new string('x', 99));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("4" + new string('x', 99), (await host.GetAsync(EngineTestHost.Url(sid))).Body);
    }

    [Fact]
    public async Task Post_MaxPayloadAboveServerBodyLimit_Accepted()
    {
        var received = 0;
        var handler = new RecordingHandler
        {
            OnMessage = (_, message) =>
            {
                received = message.Data.Length;
                return ValueTask.CompletedTask;
            },
        };
        // Kestrel's own default body limit is 30,000,000 bytes; maxPayload above it must win.
        await using var host = await EngineTestHost.StartAsync(o => o.MaxPayload = 40_000_000, handler: handler);
        var sid = await host.HandshakeAsync();

        var (status, _) = await host.PostAsync(EngineTestHost.Url(sid), "4" + new string('x', 31_000_000));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(31_000_000, received);
    }

    [Fact]
    public async Task Get_Duplicate_FirstGetsCloseSecond400ThenSessionUnknown()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var bystander = await host.HandshakeAsync();

        var connection = await host.Handler.NextOpenAsync();
        Assert.Equal(sid, connection.Id);
        var first = host.GetAsync(EngineTestHost.Url(sid));
        await Eventually.TrueAsync(() => connection.IsWritable);
        var second = await host.GetAsync(EngineTestHost.Url(sid) + "&t=burst");
        var firstResult = await first.DefaultTimeout();

        Assert.Equal((HttpStatusCode.OK, "1"), firstResult);
        Assert.Equal(HttpStatusCode.BadRequest, second.Status);
        Assert.Equal((HttpStatusCode.BadRequest, "{\"code\":1,\"message\":\"Session ID unknown\"}"), await host.GetAsync(EngineTestHost.Url(sid)));
        await AssertEchoesAsync(host, bystander);
    }

    [Fact]
    public async Task Post_Overlapping_SecondRefusedAndSessionCloses()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler
        {
            OnMessage = async (_, _) =>
            {
                entered.TrySetResult();
                await release.Task;
            },
        };
        await using var host = await EngineTestHost.StartAsync(handler: handler);
        var sid = await host.HandshakeAsync();
        var bystander = await host.HandshakeAsync();
        var first = host.PostAsync(EngineTestHost.Url(sid), "4slow");
        await entered.Task.DefaultTimeout();

        var (status, _) = await host.PostAsync(EngineTestHost.Url(sid), "4second");
        release.SetResult();

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(EngineCloseReason.TransportError, (await handler.NextCloseAsync()).Reason);
        await first.DefaultTimeout();
        Assert.Equal(HttpStatusCode.BadRequest, (await host.GetAsync(EngineTestHost.Url(sid))).Status);
        handler.OnMessage = (connection, message) =>
        {
            connection.TrySend(new EngineMessage(message.Data.ToArray(), message.IsBinary));
            return ValueTask.CompletedTask;
        };
        await AssertEchoesAsync(host, bystander);
    }

    internal static async Task AssertEchoesAsync(EngineTestHost host, string sid)
    {
        Assert.Equal((HttpStatusCode.OK, "ok"), await host.PostAsync(EngineTestHost.Url(sid), "4still here"));
        Assert.Equal((HttpStatusCode.OK, "4still here"), await host.GetAsync(EngineTestHost.Url(sid)));
    }
}
