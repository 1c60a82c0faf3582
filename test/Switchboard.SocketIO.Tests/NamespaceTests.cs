using System.Text.Json;
using System.Text.RegularExpressions;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.SocketIO.Tests;

public class NamespaceTests
{
    private static readonly TimeSpan Timeout = SocketIOHarness.Timeout;

    [Fact]
    public async Task Connect_MainNamespace_RepliesSidOnlyThenConnectionHandlerEmits()
    {
        var harness = new SocketIOHarness();
        harness.Server.OnConnection(socket => socket.EmitAsync("auth", socket.Handshake.Auth));
        var connection = await harness.Engine.OpenAsync();

        await harness.Engine.SendTextAsync(connection, "0");

        var reply = await connection.ReadTextAsync(Timeout);
        using var document = JsonDocument.Parse(reply[1..]);
        Assert.Equal("sid", Assert.Single(document.RootElement.EnumerateObject()).Name);
        Assert.Equal(20, document.RootElement.GetProperty("sid").GetString()!.Length);
        Assert.NotEqual(connection.Id, document.RootElement.GetProperty("sid").GetString());
        Assert.Equal("2[\"auth\",{}]", await connection.ReadTextAsync(Timeout));
    }

    [Fact]
    public async Task Connect_CustomNamespaceWithPayload_HandlerSeesAuth()
    {
        var harness = new SocketIOHarness();
        harness.Server.Of("/custom").OnConnection(socket => socket.EmitAsync("auth", socket.Handshake.Auth));
        var connection = await harness.Engine.OpenAsync();

        await harness.Engine.SendTextAsync(connection, "0/custom,{\"token\":\"123\"}");

        Assert.StartsWith("0/custom,{\"sid\":\"", await connection.ReadTextAsync(Timeout), StringComparison.Ordinal);
        Assert.Equal("2/custom,[\"auth\",{\"token\":\"123\"}]", await connection.ReadTextAsync(Timeout));
    }

    [Theory]
    [InlineData("0/random", "4/random,{\"message\":\"Invalid namespace\"}")]
    [InlineData("0/random,{}", "4/random,{\"message\":\"Invalid namespace\"}")]
    [InlineData("0/custom{\"x\":1}", "4/custom{\"x\":1},{\"message\":\"Invalid namespace\"}")]
    public async Task Connect_UnknownNamespace_ConnectErrorAndConnectionStaysOpen(string connect, string expected)
    {
        var harness = new SocketIOHarness();
        harness.Server.Of("/custom");
        var connection = await harness.Engine.OpenAsync();

        Assert.True(await harness.Engine.SendTextAsync(connection, connect));

        Assert.Equal(expected, await connection.ReadTextAsync(Timeout));
        Assert.False(connection.IsClosed);
        await harness.JoinAsync(connection);
    }

    [Fact]
    public async Task Connect_MiddlewareRefuses_ConnectErrorWithMessageAndData()
    {
        var harness = new SocketIOHarness();
        var connected = false;
        harness.Server.Use((socket, ct) =>
        {
            Assert.Equal("fake", socket.Handshake.Headers["user-agent"]);
            Assert.Equal("4", socket.Handshake.Query["EIO"]);
            return socket.Handshake.Auth.TryGetProperty("token", out _)
                ? ValueTask.CompletedTask
                : throw new SocketConnectException("Not authorized", new { Code = 401 });
        });
        harness.Server.OnConnection(_ => connected = true);
        var connection = await harness.Engine.OpenAsync();

        await harness.Engine.SendTextAsync(connection, "0{\"nope\":1}");
        Assert.Equal("4{\"message\":\"Not authorized\",\"data\":{\"code\":401}}", await connection.ReadTextAsync(Timeout));
        Assert.False(connected);

        await harness.Engine.SendTextAsync(connection, "0{\"token\":\"t\"}");
        Assert.StartsWith("0{\"sid\":", await connection.ReadTextAsync(Timeout), StringComparison.Ordinal);
        Assert.True(connected);
    }

    [Fact]
    public async Task Connect_MiddlewareThrowsUnexpectedly_GenericConnectError()
    {
        var harness = new SocketIOHarness();
        harness.Server.Use((_, _) => throw new InvalidOperationException("database password is hunter2"));
        var connection = await harness.Engine.OpenAsync();

        await harness.Engine.SendTextAsync(connection, "0");

        Assert.Equal("4{\"message\":\"Server error\"}", await connection.ReadTextAsync(Timeout));
    }

    [Fact]
    public async Task Connect_AsyncMiddleware_PacketsAfterConnectWaitForIt()
    {
        var harness = new SocketIOHarness();
        var gate = new TaskCompletionSource();
        harness.Server.Use(async (_, _) => await gate.Task);
        harness.Server.OnConnection(socket => socket.On("ping", e => e.Socket.EmitAsync("pong")));
        var connection = await harness.Engine.OpenAsync();

        // The CONNECT does not hold the read loop (a close must still be read), but the event sent before its reply
        // waits for it.
        Assert.True(await harness.Engine.SendTextAsync(connection, "0").WaitAsync(Timeout));
        var ping = harness.Engine.SendTextAsync(connection, "2[\"ping\"]");
        Assert.False(ping.IsCompleted);
        gate.SetResult();
        Assert.True(await ping.WaitAsync(Timeout));

        Assert.StartsWith("0{", await connection.ReadTextAsync(Timeout), StringComparison.Ordinal);
        Assert.Equal("2[\"pong\"]", await connection.ReadTextAsync(Timeout));
    }

    [Fact]
    public async Task Connect_ConnectionClosesDuringMiddleware_SocketNeverRegistered()
    {
        var harness = new SocketIOHarness();
        var gate = new TaskCompletionSource();
        var connected = false;
        harness.Server.Use(async (_, _) => await gate.Task);
        harness.Server.OnConnection(_ => connected = true);
        var connection = await harness.Engine.OpenAsync();

        var connect = harness.Engine.SendTextAsync(connection, "0");
        await harness.Engine.CloseAsync(connection, EngineCloseReason.TransportClose);
        gate.SetResult();
        await connect.WaitAsync(Timeout);

        Assert.False(connected);
        Assert.Empty(harness.Server.Sockets.Sockets);
        Assert.Empty(harness.Server.Sockets.Adapter.GetLocalRooms());
    }

    [Fact]
    public async Task Connect_TwiceToSameNamespace_ClosesConnection()
    {
        var harness = new SocketIOHarness();
        var (connection, _) = await harness.ConnectAsync();

        Assert.False(await harness.Engine.SendTextAsync(connection, "0"));
        Assert.True(connection.IsClosed);
    }

    [Fact]
    public async Task ConnectTimeout_NoNamespaceJoined_ClosesConnection()
    {
        var harness = new SocketIOHarness(o => o.ConnectTimeout = TimeSpan.FromSeconds(1));
        var idle = await harness.Engine.OpenAsync();
        var (joined, _) = await harness.ConnectAsync();

        harness.Time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(idle.IsClosed);
        harness.Time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(idle.IsClosed);
        Assert.False(joined.IsClosed);
    }

    [Fact]
    public async Task ConnectTimeout_RefusedByMiddleware_StillCloses()
    {
        var harness = new SocketIOHarness(o => o.ConnectTimeout = TimeSpan.FromSeconds(1));
        harness.Server.Use((_, _) => throw new SocketConnectException("no"));
        var connection = await harness.Engine.OpenAsync();
        await harness.Engine.SendTextAsync(connection, "0");

        harness.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(connection.IsClosed);
    }

    [Fact]
    public async Task Disconnect_FromClient_EngineStaysOpenAndReasonReported()
    {
        var harness = new SocketIOHarness();
        var reasons = new List<DisconnectReason>();
        harness.Server.OnConnection(socket => socket.OnDisconnect((_, reason) => reasons.Add(reason)));
        var (connection, sid) = await harness.ConnectAsync();

        Assert.True(await harness.Engine.SendTextAsync(connection, "1"));

        Assert.False(connection.IsClosed);
        Assert.Equal([DisconnectReason.ClientNamespaceDisconnect], reasons);
        Assert.Empty(harness.Server.Sockets.Sockets);
        Assert.Equal("client namespace disconnect", reasons[0].ToWireName());
        await harness.JoinAsync(connection);
    }

    [Fact]
    public async Task Disconnect_CustomNamespaceThenMainStillEchoes()
    {
        var harness = new SocketIOHarness();
        harness.Server.Of("/custom");
        harness.Server.OnConnection(socket => socket.On("message", e => e.Socket.EmitAsync("message-back", e.Args)));
        var (connection, _) = await harness.ConnectAsync();
        await harness.JoinAsync(connection, "/custom");

        await harness.Engine.SendTextAsync(connection, "1/custom,");
        await harness.Engine.SendTextAsync(connection, "2[\"message\",1]");

        Assert.Equal("2[\"message-back\",1]", await connection.ReadTextAsync(Timeout));
        Assert.Empty(harness.Server.Of("/custom").Sockets);
    }

    [Fact]
    public async Task Disconnect_FromServer_SendsDisconnectPacketAndKeepsEngine()
    {
        var harness = new SocketIOHarness();
        harness.Server.Of("/admin");
        var (connection, sid) = await harness.ConnectAsync();
        var adminSid = await harness.JoinAsync(connection, "/admin");
        var socket = harness.Server.Of("/admin").Sockets[adminSid];
        DisconnectReason? reason = null;
        socket.OnDisconnect((_, r) => reason = r);

        socket.Disconnect();

        Assert.Equal("1/admin,", await connection.ReadTextAsync(Timeout));
        Assert.Equal(DisconnectReason.ServerNamespaceDisconnect, reason);
        Assert.False(connection.IsClosed);
        Assert.True(harness.Server.Sockets.Sockets.ContainsKey(sid));
    }

    [Fact]
    public async Task Disconnect_FromServerWithClose_EveryNamespaceThenEngineClosed()
    {
        var harness = new SocketIOHarness();
        harness.Server.Of("/admin");
        var (connection, sid) = await harness.ConnectAsync();
        await harness.JoinAsync(connection, "/admin");

        harness.Server.Sockets.Sockets[sid].Disconnect(close: true);

        var packets = new HashSet<string> { await connection.ReadTextAsync(Timeout), await connection.ReadTextAsync(Timeout) };
        Assert.Equal(["1", "1/admin,"], packets);
        Assert.True(connection.IsClosed);
        Assert.Empty(harness.Server.Sockets.Sockets);
        Assert.Empty(harness.Server.Of("/admin").Sockets);
    }

    [Theory]
    [InlineData(EngineCloseReason.TransportClose, DisconnectReason.TransportClose, "transport close")]
    [InlineData(EngineCloseReason.TransportError, DisconnectReason.TransportError, "transport error")]
    [InlineData(EngineCloseReason.PingTimeout, DisconnectReason.PingTimeout, "ping timeout")]
    [InlineData(EngineCloseReason.ParseError, DisconnectReason.ParseError, "parse error")]
    [InlineData(EngineCloseReason.ForcedClose, DisconnectReason.ForcedClose, "forced close")]
    [InlineData(EngineCloseReason.ServerShuttingDown, DisconnectReason.ServerShuttingDown, "server shutting down")]
    public async Task EngineClose_EverySocketGetsMappedReason(EngineCloseReason engine, DisconnectReason expected, string wire)
    {
        var harness = new SocketIOHarness();
        harness.Server.Of("/b");
        var reasons = new List<DisconnectReason>();
        harness.Server.OnConnection(s => s.OnDisconnect((_, r) => reasons.Add(r)));
        harness.Server.Of("/b").OnConnection(s => s.OnDisconnect((_, r) => reasons.Add(r)));
        var (connection, _) = await harness.ConnectAsync();
        await harness.JoinAsync(connection, "/b");

        await harness.Engine.CloseAsync(connection, engine);

        Assert.Equal([expected, expected], reasons);
        Assert.Equal(wire, expected.ToWireName());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("2{}")]
    [InlineData("2abc[\"message-with-ack\",1]")]
    [InlineData("2/other,[\"x\"]")]
    [InlineData("3/other,1[]")]
    [InlineData("1/other,")]
    [InlineData("4{\"message\":\"x\"}")]
    [InlineData("2[\"disconnect\"]")]
    public async Task InvalidPacket_ClosesOnlyThatConnection(string packet)
    {
        var harness = new SocketIOHarness();
        var (bad, _) = await harness.ConnectAsync();
        var (good, _) = await harness.ConnectAsync();

        Assert.False(await harness.Engine.SendTextAsync(bad, packet));

        Assert.True(bad.IsClosed);
        Assert.False(good.IsClosed);
        Assert.Single(harness.Server.Sockets.Sockets);
    }

    // The multi-message rules of socketio-wire.md §4.2 at the connection: "b:" marks a binary Engine.IO message.
    // Every message but the last is accepted; the last closes the connection, and only that one.
    [Theory]
    [InlineData("b:01")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":0}]", "2[\"b\"]")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":0}]", "b:01", "b:02")]
    [InlineData("51-[\"a\",{\"_placeholder\":true,\"num\":1}]")]
    [InlineData("511-[\"a\"]")]
    [InlineData("50-[\"a\"]")]
    [InlineData("51-[\"disconnect\",{\"_placeholder\":true,\"num\":0}]")]
    [InlineData("61-/other,1[{\"_placeholder\":true,\"num\":0}]", "b:01")]
    [InlineData("0/admin,", "0/admin,")]
    [InlineData("3\"x\"")]
    public async Task InvalidMessageSequence_ClosesOnlyThatConnection(params string[] messages)
    {
        var harness = new SocketIOHarness();
        harness.Server.Of("/admin");
        var (bad, _) = await harness.ConnectAsync();
        var (good, _) = await harness.ConnectAsync();

        for (var i = 0; i < messages.Length; i++)
        {
            var sent = messages[i].StartsWith("b:", StringComparison.Ordinal)
                ? await harness.Engine.SendBinaryAsync(bad, Convert.FromHexString(messages[i][2..]))
                : await harness.Engine.SendTextAsync(bad, messages[i]);
            Assert.Equal(i < messages.Length - 1, sent);
        }

        Assert.True(bad.IsClosed);
        Assert.False(good.IsClosed);
        Assert.Single(harness.Server.Sockets.Sockets);
    }

    [Fact]
    public async Task TwoNamespaces_OneConnection_EventsRoutedByNamespace()
    {
        var harness = new SocketIOHarness();
        harness.Server.OnConnection(s => s.On("who", e => e.Ack("main")));
        harness.Server.Of("/admin").OnConnection(s => s.On("who", e => e.Ack("admin")));
        var (connection, mainSid) = await harness.ConnectAsync();
        var adminSid = await harness.JoinAsync(connection, "/admin");

        await harness.Engine.SendTextAsync(connection, "2/admin,1[\"who\"]");
        await harness.Engine.SendTextAsync(connection, "22[\"who\"]");

        Assert.Equal("3/admin,1[\"admin\"]", await connection.ReadTextAsync(Timeout));
        Assert.Equal("32[\"main\"]", await connection.ReadTextAsync(Timeout));
        Assert.NotEqual(mainSid, adminSid);
    }

    [Fact]
    public async Task DynamicNamespace_Regex_ChildCreatedOnConnectAndSharesHandlers()
    {
        var harness = new SocketIOHarness();
        var workspaces = harness.Server.Of(new Regex("^/workspace-\\d+$"));
        var seen = new List<string>();
        workspaces.Use((socket, _) =>
        {
            seen.Add(socket.Namespace.Name);
            return ValueTask.CompletedTask;
        });
        workspaces.On("hello", e => e.Socket.EmitAsync("hi", e.Socket.Namespace.Name));
        var connection = await harness.Engine.OpenAsync();

        await harness.JoinAsync(connection, "/workspace-1");
        await harness.Engine.SendTextAsync(connection, "0/workspace-x,");
        Assert.Equal("4/workspace-x,{\"message\":\"Invalid namespace\"}", await connection.ReadTextAsync(Timeout));
        await harness.Engine.SendTextAsync(connection, "2/workspace-1,[\"hello\"]");

        Assert.Equal("2/workspace-1,[\"hi\",\"/workspace-1\"]", await connection.ReadTextAsync(Timeout));
        Assert.Equal(["/workspace-1"], seen);
        Assert.Single(workspaces.Namespaces);
    }

    [Fact]
    public async Task DynamicNamespace_HooksOfParentAndChild_RunInOrder()
    {
        var harness = new SocketIOHarness();
        var teams = harness.Server.Of(name => name.StartsWith("/team/", StringComparison.Ordinal));
        var order = new List<string>();
        teams.Use((_, _) =>
        {
            order.Add("parent-use");
            return ValueTask.CompletedTask;
        });
        teams.OnConnection(_ => order.Add("parent-connection"));
        teams.OnConnection(_ =>
        {
            order.Add("parent-connection-async");
            return ValueTask.CompletedTask;
        });
        await harness.JoinAsync(await harness.Engine.OpenAsync(), "/team/a");
        Assert.Equal(["parent-use", "parent-connection", "parent-connection-async"], order);
        order.Clear();
        var child = Assert.Single(teams.Namespaces);
        child.Use((_, _) =>
        {
            order.Add("child-use");
            return ValueTask.CompletedTask;
        });
        child.OnConnection(_ => order.Add("child-connection"));

        await harness.JoinAsync(await harness.Engine.OpenAsync(), "/team/a");

        Assert.Equal(["parent-use", "child-use", "child-connection", "parent-connection", "parent-connection-async"], order);
    }

    [Fact]
    public async Task DynamicNamespace_Predicate_Matches()
    {
        var harness = new SocketIOHarness();
        harness.Server.Of(name => name.StartsWith("/team/", StringComparison.Ordinal));
        var connection = await harness.Engine.OpenAsync();

        await harness.JoinAsync(connection, "/team/a");
    }

    [Fact]
    public void Of_NameWithoutSlash_GetsOne()
    {
        var harness = new SocketIOHarness();
        Assert.Same(harness.Server.Of("/admin"), harness.Server.Of("admin"));
        Assert.Same(harness.Server.Sockets, harness.Server.Of("/"));
    }
}
