using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests.EngineIO;

/// <summary>HTTP long-polling on the wire (socketio-wire.md §3.2 and §3.3), against a real Kestrel.</summary>
public class EnginePollingTests
{
    [Fact]
    public async Task Handshake_Polling_OpenPacketWithExactlyFiveKeys()
    {
        await using var host = await EngineTestHost.StartAsync();

        using var response = await host.Http.GetAsync(EngineTestHost.Url()).DefaultTimeout();
        var body = await response.Content.ReadAsStringAsync().DefaultTimeout();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=UTF-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.StartsWith("0{", body, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(body[1..]);
        var keys = json.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(new[] { "sid", "upgrades", "pingInterval", "pingTimeout", "maxPayload" }, keys);
        var sid = json.RootElement.GetProperty("sid").GetString()!;
        Assert.Equal(20, sid.Length);
        Assert.Matches("^[A-Za-z0-9_-]{20}$", sid);
        Assert.Equal("[\"websocket\"]", json.RootElement.GetProperty("upgrades").GetRawText());
        Assert.Equal(25000, json.RootElement.GetProperty("pingInterval").GetInt32());
        Assert.Equal(20000, json.RootElement.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1000000, json.RootElement.GetProperty("maxPayload").GetInt32());
    }

    [Fact]
    public async Task Handshake_PollingOnlyEndpoint_NoUpgradesOffered()
    {
        await using var host = await EngineTestHost.StartAsync(o => o.Transports = EngineTransports.Polling);

        var (_, body) = await host.GetAsync(EngineTestHost.Url());

        Assert.Contains("\"upgrades\":[]", body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, "{\"code\":0,\"message\":\"Transport unknown\"}"), await host.GetAsync(EngineTestHost.Url(transport: "websocket")));
    }

    [Fact]
    public async Task Handshake_TrailingSlashOrNot_BothServed()
    {
        await using var host = await EngineTestHost.StartAsync();

        var (status, body) = await host.GetAsync("/engine.io?EIO=4&transport=polling");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("0{", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4hello", "4hello")]
    [InlineData("4test1\u001e4test2\u001e4test3", "4test1\u001e4test2\u001e4test3")]
    [InlineData("4hello\u001ebAQIDBA==", "4hello\u001ebAQIDBA==")]
    [InlineData("4é🌍", "4é🌍")]
    [InlineData("6\u001e4a\u001e5", "4a")]
    public async Task PostThenGet_Echo_ExactPayload(string posted, string polled)
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();

        Assert.Equal((HttpStatusCode.OK, "ok"), await host.PostAsync(EngineTestHost.Url(sid), posted));
        Assert.Equal((HttpStatusCode.OK, polled), await host.GetAsync(EngineTestHost.Url(sid)));
    }

    [Fact]
    public async Task Get_Pending_AnsweredWhenMessageArrives()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();

        var poll = host.GetAsync(EngineTestHost.Url(sid));
        await Eventually.TrueAsync(() => connection.IsWritable);
        Assert.False(poll.IsCompleted);
        Assert.True(connection.TrySend(EngineMessage.Text("later")));

        Assert.Equal((HttpStatusCode.OK, "4later"), await poll.DefaultTimeout());
        Assert.False(connection.IsWritable);
    }

    [Fact]
    public async Task TrySend_Several_AllInOnePayloadInOrder()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();

        Assert.True(connection.TrySend([EngineMessage.Text("51-[\"x\",{\"_placeholder\":true,\"num\":0}]"), EngineMessage.Binary(new byte[] { 1, 2, 3 })]));
        Assert.True(connection.TrySend(EngineMessage.Text("after")));

        Assert.Equal(
            (HttpStatusCode.OK, "451-[\"x\",{\"_placeholder\":true,\"num\":0}]\u001ebAQID\u001e4after"),
            await host.GetAsync(EngineTestHost.Url(sid)));
    }

    [Fact]
    public async Task Post_ClosePacket_PendingGetGetsNoopAndHandlerSeesTransportClose()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        var poll = host.GetAsync(EngineTestHost.Url(sid));
        await Eventually.TrueAsync(() => connection.IsWritable);

        Assert.Equal((HttpStatusCode.OK, "ok"), await host.PostAsync(EngineTestHost.Url(sid), "1"));

        Assert.Equal((HttpStatusCode.OK, "6"), await poll.DefaultTimeout());
        var (closed, reason) = await host.Handler.NextCloseAsync();
        Assert.Same(connection, closed);
        Assert.Equal(EngineCloseReason.TransportClose, reason);
        Assert.True(connection.IsClosed);
        Assert.False(connection.TrySend(EngineMessage.Text("too late")));
        Assert.Equal(HttpStatusCode.BadRequest, (await host.GetAsync(EngineTestHost.Url(sid))).Status);
    }

    [Fact]
    public async Task Close_ByServer_PendingGetGetsQueuedThenClosePacket()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        var poll = host.GetAsync(EngineTestHost.Url(sid));
        await Eventually.TrueAsync(() => connection.IsWritable);

        connection.Close();

        var (status, body) = await poll.DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("1", body);
        Assert.Equal(EngineCloseReason.ForcedClose, (await host.Handler.NextCloseAsync()).Reason);
    }

    [Fact]
    public async Task OnMessage_HandlerThrowsInvalidData_SessionClosesAsParseError()
    {
        var handler = new RecordingHandler { OnMessage = (_, _) => throw new InvalidDataException("bad app data") };
        await using var host = await EngineTestHost.StartAsync(handler: handler);
        var sid = await host.HandshakeAsync();

        var (status, _) = await host.PostAsync(EngineTestHost.Url(sid), "4whatever");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(EngineCloseReason.ParseError, (await handler.NextCloseAsync()).Reason);
        Assert.Equal(1, handler.OpenCount);
    }

    [Fact]
    public async Task Handshake_Snapshot_CopiesQueryAndHeaders()
    {
        await using var host = await EngineTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, EngineTestHost.Url() + "&token=abc");
        request.Headers.Add("X-Test", "yes");
        using var response = await host.Http.SendAsync(request).DefaultTimeout();

        var connection = await host.Handler.NextOpenAsync();

        Assert.Equal("abc", connection.Handshake.Query["token"]);
        Assert.Equal("4", connection.Handshake.Query["EIO"]);
        Assert.Equal("yes", connection.Handshake.Headers["x-test"]);
        Assert.Equal("polling", connection.Transport);
        Assert.False(connection.Handshake.CrossDomain);
    }

    [Fact]
    public async Task Get_ClientAbortsPendingPoll_SessionClosesAsTransportError()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();
        var connection = await host.Handler.NextOpenAsync();
        using var cancel = new CancellationTokenSource();
        var poll = host.Http.GetAsync(EngineTestHost.Url(sid), cancel.Token);
        await Eventually.TrueAsync(() => connection.IsWritable);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => poll.DefaultTimeout());
        var (closed, reason) = await host.Handler.NextCloseAsync();
        Assert.Same(connection, closed);
        Assert.Equal(EngineCloseReason.TransportError, reason);
    }

    [Fact]
    public async Task Post_ClosePacketOvertakesGet_ThatGetGetsNoopLaterOnes400()
    {
        await using var host = await EngineTestHost.StartAsync();
        var sid = await host.HandshakeAsync();

        Assert.Equal((HttpStatusCode.OK, "ok"), await host.PostAsync(EngineTestHost.Url(sid), "1"));

        Assert.Equal((HttpStatusCode.OK, "6"), await host.GetAsync(EngineTestHost.Url(sid)));
        Assert.Equal((HttpStatusCode.BadRequest, "{\"code\":1,\"message\":\"Session ID unknown\"}"), await host.GetAsync(EngineTestHost.Url(sid)));
        Assert.Equal(HttpStatusCode.BadRequest, (await host.PostAsync(EngineTestHost.Url(sid), "4late")).Status);
    }

    [Fact]
    public async Task Post_ClosePacketWithoutFollowingGet_SessionForgottenAfterGrace()
    {
        var time = new FakeTimeProvider();
        await using var host = await EngineTestHost.StartAsync(time: time);
        var sid = await host.HandshakeAsync();
        Assert.Equal((HttpStatusCode.OK, "ok"), await host.PostAsync(EngineTestHost.Url(sid), "1"));

        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(HttpStatusCode.BadRequest, (await host.GetAsync(EngineTestHost.Url(sid))).Status);
    }
}
