using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Switchboard.SocketIO.AdminUI.Tests;

public sealed class AdminUIProtocolTests
{
    private static readonly object Login = new { username = AdminTestHost.Username, password = AdminTestHost.Password };

    [Fact]
    public async Task Connect_WrongPassword_RefusedWithInvalidCredentials()
    {
        await using var host = await AdminTestHost.StartAsync();
        await using var admin = await RawSocketIOClient.ConnectAsync(host.Url);

        var reply = await admin.JoinAsync("/admin", new { username = AdminTestHost.Username, password = "wrong" });

        Assert.Equal("""4/admin,{"message":"invalid credentials"}""", reply);
    }

    [Fact]
    public async Task Connect_RightPassword_SessionConfigSocketsAndStats()
    {
        await using var host = await AdminTestHost.StartAsync();
        await using var user = await RawSocketIOClient.ConnectAsync(host.Url);
        var userSid = SocketId(await user.JoinAsync("/", new { name = "ann", rooms = new[] { "lobby", "team-a" } }));
        await using var admin = await RawSocketIOClient.ConnectAsync(host.Url);

        Assert.StartsWith("0/admin,", await admin.JoinAsync("/admin", Login), StringComparison.Ordinal);

        var session = (await admin.ReceiveEventAsync("session"))[0].GetString();
        Assert.Matches("^[0-9a-f]{32}$", session);
        var features = (await admin.ReceiveEventAsync("config"))[0].GetProperty("supportedFeatures").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Equal<string[]>(["EMIT", "JOIN", "LEAVE", "DISCONNECT", "MJOIN", "MLEAVE", "MDISCONNECT", "AGGREGATED_EVENTS", "ALL_EVENTS"], features);

        var sockets = (await admin.ReceiveEventAsync("all_sockets"))[0];
        var ann = Assert.Single(sockets.EnumerateArray(), s => s.GetProperty("id").GetString() == userSid);
        Assert.Equal("/", ann.GetProperty("nsp").GetString());
        Assert.Equal("websocket", ann.GetProperty("transport").GetString());
        var rooms = ann.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()!).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { userSid, "lobby", "team-a" }.Order(StringComparer.Ordinal), rooms);
        Assert.Equal("/socket.io/?EIO=4&transport=websocket", ann.GetProperty("handshake").GetProperty("url").GetString());
        Assert.False(ann.GetProperty("handshake").TryGetProperty("auth", out _));

        var stats = (await admin.ReceiveEventAsync("server_stats"))[0];
        Assert.Equal(2, stats.GetProperty("clientsCount").GetInt32());
        Assert.Equal(0, stats.GetProperty("pollingClientsCount").GetInt32());
        Assert.Contains(stats.GetProperty("namespaces").EnumerateArray(), n => n.GetProperty("name").GetString() == "/" && n.GetProperty("socketsCount").GetInt32() == 1);

        // The UI reconnects with the session id instead of the password.
        await using var again = await RawSocketIOClient.ConnectAsync(host.Url);
        Assert.StartsWith("0/admin,", await again.JoinAsync("/admin", new { sessionId = session }), StringComparison.Ordinal);
        await using var forged = await RawSocketIOClient.ConnectAsync(host.Url);
        Assert.StartsWith("4/admin,", await forged.JoinAsync("/admin", new { sessionId = "0123456789abcdef0123456789abcdef" }), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveFeed_SocketConnectsEmitsAndLeaves_UISeesEachStep()
    {
        await using var host = await AdminTestHost.StartAsync();
        await using var admin = await RawSocketIOClient.ConnectAsync(host.Url);
        await admin.JoinAsync("/admin", Login);
        await admin.ReceiveEventAsync("all_sockets");

        await using var user = await RawSocketIOClient.ConnectAsync(host.Url);
        var sid = SocketId(await user.JoinAsync("/", new { name = "bob", rooms = new[] { "lobby" } }));
        await user.EmitAsync("ping-me", 42);

        var connected = await admin.ReceiveEventAsync("socket_connected", a => a[0].GetProperty("id").GetString() == sid);
        Assert.Equal("/", connected[0].GetProperty("nsp").GetString());
        await admin.ReceiveEventAsync("room_joined", a => a[1].GetString() == "lobby" && a[2].GetString() == sid);
        var received = await admin.ReceiveEventAsync("event_received", a => a[1].GetString() == sid);
        Assert.Equal("""["ping-me",42]""", received[2].GetRawText());

        await user.DisposeAsync();
        var gone = await admin.ReceiveEventAsync("socket_disconnected", a => a[1].GetString() == sid);
        Assert.Equal("transport close", gone[2].GetString());
    }

    [Fact]
    public async Task LiveFeed_PollingClientUpgrades_UIToldTheNewTransport()
    {
        await using var host = await AdminTestHost.StartAsync();
        await using var admin = await RawSocketIOClient.ConnectAsync(host.Url);
        await admin.JoinAsync("/admin", Login);
        await admin.ReceiveEventAsync("config");

        // A polling client joins "/", then upgrades to WebSocket (probe, then upgrade packet).
        using var http = new HttpClient { BaseAddress = new Uri(host.Url), Timeout = AdminTestHost.Timeout };
        var open = await http.GetStringAsync("/socket.io/?EIO=4&transport=polling");
        var eio = JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        var url = $"/socket.io/?EIO=4&transport=polling&sid={eio}";
        using (var connect = new StringContent("40"))
        {
            (await http.PostAsync(url, connect)).EnsureSuccessStatusCode();
        }

        var sid = SocketId((await http.GetStringAsync(url))[1..]);
        var connected = await admin.ReceiveEventAsync("socket_connected", a => a[0].GetProperty("id").GetString() == sid);
        Assert.Equal("polling", connected[0].GetProperty("transport").GetString());

        using var ws = new System.Net.WebSockets.ClientWebSocket();
        await ws.ConnectAsync(new Uri(host.Url.Replace("http://", "ws://", StringComparison.Ordinal) + $"/socket.io/?EIO=4&transport=websocket&sid={eio}"), CancellationToken.None).WaitAsync(AdminTestHost.Timeout);
        await ws.SendAsync("2probe"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(AdminTestHost.Timeout);
        var buffer = new byte[64];
        var probe = await ws.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(AdminTestHost.Timeout);
        Assert.Equal("3probe", System.Text.Encoding.UTF8.GetString(buffer, 0, probe.Count));
        await ws.SendAsync("5"u8.ToArray(), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(AdminTestHost.Timeout);

        var updated = await admin.ReceiveEventAsync("socket_updated", a => a[0].GetProperty("id").GetString() == sid);
        Assert.Equal("websocket", updated[0].GetProperty("transport").GetString());
        Assert.Equal("/", updated[0].GetProperty("nsp").GetString());
    }

    [Fact]
    public async Task Actions_JoinLeaveDisconnect_AppliedToTheFilteredSocket()
    {
        await using var host = await AdminTestHost.StartAsync();
        await using var user = await RawSocketIOClient.ConnectAsync(host.Url);
        var sid = SocketId(await user.JoinAsync("/", new { name = "cy" }));
        await using var other = await RawSocketIOClient.ConnectAsync(host.Url);
        var otherSid = SocketId(await other.JoinAsync("/", new { name = "di" }));
        await using var admin = await RawSocketIOClient.ConnectAsync(host.Url);
        await admin.JoinAsync("/admin", Login);
        await admin.ReceiveEventAsync("config");

        await admin.EmitAsync("join", "/", "vip", sid);
        await admin.ReceiveEventAsync("room_joined", a => a[1].GetString() == "vip");
        Assert.Contains("vip", host.Server.Sockets.Sockets[sid].Rooms);
        Assert.DoesNotContain("vip", host.Server.Sockets.Sockets[otherSid].Rooms);

        await admin.EmitAsync("leave", "/", "vip", sid);
        await admin.ReceiveEventAsync("room_left", a => a[1].GetString() == "vip");
        Assert.DoesNotContain("vip", host.Server.Sockets.Sockets[sid].Rooms);

        // An unknown namespace is ignored, not created.
        await admin.EmitAsync("_disconnect", "/nowhere", false, sid);
        await admin.EmitAsync("_disconnect", "/", false, sid);
        await admin.ReceiveEventAsync("socket_disconnected", a => a[1].GetString() == sid);
        Assert.Equal(DisconnectReason.ServerNamespaceDisconnect, host.Disconnected[sid]);
        Assert.True(host.Server.Sockets.Sockets.ContainsKey(otherSid));
        Assert.DoesNotContain(host.Server.AllNamespaces, n => n.Name == "/nowhere");
    }

    [Fact]
    public async Task ReadOnly_ActionsAreNotOffered_AndIgnored()
    {
        await using var host = await AdminTestHost.StartAsync(configure: o => o.ReadOnly = true);
        await using var user = await RawSocketIOClient.ConnectAsync(host.Url);
        var sid = SocketId(await user.JoinAsync("/", new { name = "ed" }));
        await using var admin = await RawSocketIOClient.ConnectAsync(host.Url);
        await admin.JoinAsync("/admin", Login);

        var features = (await admin.ReceiveEventAsync("config"))[0].GetProperty("supportedFeatures").EnumerateArray().Select(f => f.GetString()!).ToArray();
        Assert.Equal<string[]>(["AGGREGATED_EVENTS", "ALL_EVENTS"], features);

        await admin.EmitAsync("_disconnect", "/", false, sid);
        await admin.EmitAsync("join", "/", "vip", sid);
        // A connection's packets are handled in order: once this CONNECT is answered, the actions above were handled (and ignored).
        Assert.StartsWith("0{", await admin.JoinAsync("/", new { name = "admin-too" }), StringComparison.Ordinal);
        Assert.True(host.Server.Sockets.Sockets.ContainsKey(sid));
        Assert.DoesNotContain("vip", host.Server.Sockets.Sockets[sid].Rooms);
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("admin", "not-a-hash", false)]
    [InlineData("admin", "$2b$04$abcdefghijklmnopqrstuuJ7OqZ7Y2hl8JfIXxjYQ2w8c3/0xGm7W", true)]
    public void Instrument_WithoutValidCredentials_Throws(string? username, string? hash, bool anonymousToo)
    {
        var io = new SocketIOServer(
            Microsoft.Extensions.Options.Options.Create(new SocketIOOptions()),
            new ServiceCollection().BuildServiceProvider());

        Assert.Throws<ArgumentException>(() => io.Instrument(o =>
        {
            o.Username = username;
            o.PasswordHash = hash;
            o.AllowAnonymous = anonymousToo;
        }));
    }

    private static string SocketId(string connectPacket)
    {
        var json = connectPacket[(connectPacket.IndexOf('{', StringComparison.Ordinal))..];
        return JsonDocument.Parse(json).RootElement.GetProperty("sid").GetString()!;
    }
}
