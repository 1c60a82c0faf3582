using System.Text.Json;

namespace Switchboard.SocketIO.Redis.Tests;

/// <summary>
/// Switchboard (the interop host) and a Node socket.io 4.8 server with @socket.io/redis-adapter on one real Redis,
/// plus @socket.io/redis-emitter in the classic form (socketio-wire.md §5.6). A is a client on Switchboard, B one on
/// Node, both in room "interop". "Nothing arrives" is checked with a marker sent after it on the same path.
/// </summary>
public sealed class NodeInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RedisFact]
    public Task Classic_EverythingCrossesBothWays() => RunAsync(sharded: false);

    [RedisFact]
    public Task Sharded_EverythingCrossesBothWays() => RunAsync(sharded: true);

    private static async Task RunAsync(bool sharded)
    {
        var prefix = RedisEnvironment.UniquePrefix();
        await using var sb = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, prefix, sharded);
        await using var node = await NodeSide.StartAsync(RedisEnvironment.Url, sharded ? "sharded" : "classic", prefix);
        using var pong = sb.Server.Sockets.OnServerSideEmit("ping-server", e => { e.Ack("pong from switchboard"); return ValueTask.CompletedTask; });
        var notes = new List<string>();
        using var note = sb.Server.Sockets.OnServerSideEmit("note", e => { lock (notes) { notes.Add(e.Args.ToString()); } return ValueTask.CompletedTask; });

        // Two servers count each other (one subscription each).
        await Eventually.TrueAsync(async () => (await node.RunAsync("nodeServerCount")).GetInt32() == 2, "Node counts 2 servers");
        Assert.Equal(2, await sb.Server.Sockets.Adapter.ServerCountAsync(CancellationToken.None));

        var a = await node.ConnectAsync("A", sb.Url, "interop");
        var b = await node.ConnectAsync("B", node.Url, "interop");

        if (!sharded)
        {
            // 1. Emitter to us, with binary; 2. rooms and except; 3. namespace isolation.
            await node.RunAsync("emitter", new { to = new[] { "interop" }, @event = "from-emitter", args = new object[] { "hi", new { _bin = 0 } }.Select(Bin).ToArray() });
            var (fromEmitter, _) = await node.WaitForEventAsync("A", "from-emitter");
            Assert.Equal("hi", fromEmitter[1].GetString());
            Assert.Equal("[1,2,3]", fromEmitter[2].GetProperty("$bin").GetRawText());
            await node.RunAsync("emitter", new { to = new[] { "other-room" }, @event = "not-for-a", args = Array.Empty<object>() });
            await node.RunAsync("emitter", new { except = new[] { "interop" }, @event = "not-for-a", args = Array.Empty<object>() });
            await node.RunAsync("emitter", new { nsp = "/admin", @event = "not-for-a", args = Array.Empty<object>() });
            await node.RunAsync("emitter", new { to = new[] { "interop" }, @event = "marker-1", args = Array.Empty<object>() });
            var (_, before1) = await node.WaitForEventAsync("A", "marker-1");
            Assert.DoesNotContain("not-for-a", before1);
        }

        // 4. Node server to us.
        await node.RunAsync("nodeEmit", new { to = new[] { "interop" }, @event = "from-node", args = new object[] { new { a = 1 } } });
        var (fromNode, _) = await node.WaitForEventAsync("A", "from-node");
        Assert.Equal("""{"a":1}""", fromNode[1].GetRawText());

        // 5. Us to Node (through relay), text and binary.
        Assert.True((await node.RunAsync("emitAck", new { name = "A", @event = "relay", args = new object[] { "interop", "from-target", 42 } })).GetBoolean());
        var (fromTarget, _) = await node.WaitForEventAsync("B", "from-target");
        Assert.Equal(42, fromTarget[1].GetInt32());
        await node.RunAsync("emitAck", new { name = "A", @event = "relay", args = new object[] { "interop", "bin-target", new Dictionary<string, int[]> { ["$bin"] = [9, 8, 7] } } });
        var (binTarget, _) = await node.WaitForEventAsync("B", "bin-target");
        Assert.Equal("[9,8,7]", binTarget[1].GetProperty("$bin").GetRawText());
        // Binary from Node to us.
        await node.RunAsync("emitAck", new { name = "B", @event = "relay", args = new object[] { "interop", "bin-node", new Dictionary<string, int[]> { ["$bin"] = [4, 5] } } });
        var (binNode, _) = await node.WaitForEventAsync("A", "bin-node");
        Assert.Equal("[4,5]", binNode[1].GetProperty("$bin").GetRawText());

        // Except both ways: Node leaves A out, we leave B out.
        await node.RunAsync("nodeEmit", new { to = new[] { "interop" }, except = new[] { a }, @event = "not-for-a", args = Array.Empty<object>() });
        await sb.Server.To("interop").Except(b).EmitAsync("not-for-b");
        await node.RunAsync("nodeEmit", new { to = new[] { "interop" }, @event = "marker-2", args = Array.Empty<object>() });
        var (_, beforeA) = await node.WaitForEventAsync("A", "marker-2");
        var (_, beforeB) = await node.WaitForEventAsync("B", "marker-2");
        Assert.DoesNotContain("not-for-a", beforeA);
        Assert.Contains("not-for-b", beforeA);
        Assert.DoesNotContain("not-for-b", beforeB);
        Assert.Contains("not-for-a", beforeB);

        // 6. fetchSockets both ways.
        var fetched = await node.RunAsync("nodeFetch", new { to = new[] { "interop" } });
        Assert.Equal(new[] { a, b }.Order(), fetched.EnumerateArray().Select(s => s.GetProperty("id").GetString()!).Order());
        var fromUs = fetched.EnumerateArray().Single(s => s.GetProperty("id").GetString() == a);
        Assert.Equal("interop", fromUs.GetProperty("auth").GetProperty("room").GetString());
        var ours = await sb.Server.In("interop").FetchSocketsAsync().WaitAsync(Timeout);
        Assert.Equal(new[] { a, b }.Order(), ours.Select(s => s.Id).Order());
        var remoteB = ours.Single(s => s.Id == b);
        Assert.Contains("interop", remoteB.Rooms);
        Assert.Equal("interop", remoteB.Handshake!.Auth.GetProperty("room").GetString());
        Assert.Equal("""{"side":"node"}""", ((JsonElement)remoteB.Data!).GetRawText());

        // 7. Broadcast with ack both ways: every client answers "ack:ask".
        var nodeAcks = await node.RunAsync("nodeEmitWithAck", new { to = new[] { "interop" }, @event = "ask", timeout = 10000, args = Array.Empty<object>() });
        Assert.Equal(["ack:ask", "ack:ask"], nodeAcks.EnumerateArray().Select(x => x.GetString()));
        var ourAcks = await sb.Server.Sockets.Timeout(TimeSpan.FromSeconds(10)).To("interop").EmitWithAckAsync("ask", []).WaitAsync(Timeout);
        Assert.False(ourAcks.TimedOut);
        Assert.Equal(2, ourAcks.ExpectedResponses);
        Assert.Equal(["ack:ask", "ack:ask"], ourAcks.Responses.Select(r => r.Get<string>(0)));

        // serverSideEmit (with ack) both ways, and without ack from us to Node.
        var nodeSse = await node.RunAsync("nodeServerSideEmitWithAck", new { @event = "ping-server", args = Array.Empty<object>() });
        Assert.Equal(["pong from switchboard"], nodeSse.EnumerateArray().Select(x => x.GetString()));
        var ourSse = await sb.Server.Sockets.ServerSideEmitWithAckAsync("ping-server", [], TimeSpan.FromSeconds(10)).WaitAsync(Timeout);
        Assert.Equal(["pong from node"], ourSse.Select(r => r.Get<string>(0)));
        await sb.Server.Sockets.ServerSideEmitAsync("note", ["from switchboard", 1]).WaitAsync(Timeout);
        await Eventually.TrueAsync(async () => (await node.RunAsync("serverSideNotes")).GetRawText() == """[["from switchboard",1]]""", "Node got the note");
        await node.RunAsync("nodeServerSideEmit", new { @event = "note", args = new object[] { "from node" } });
        await Eventually.TrueAsync(() => { lock (notes) { return notes.Contains("""["from node"]"""); } }, "we got Node's note");

        // 8. socketsJoin across: Node's (and the emitter's) reach A, ours reach B.
        await node.RunAsync("nodeJoin", new { to = new[] { "interop" }, rooms = new[] { "joined-by-node" } });
        await Eventually.TrueAsync(() => sb.Server.Sockets.Sockets[a].Rooms.Contains("joined-by-node"), "A joined through Node");
        await sb.Server.In("interop").SocketsJoinAsync("joined-by-us").WaitAsync(Timeout);
        await Eventually.TrueAsync(async () => (await node.RunAsync("nodeLocalRooms", new { sid = b })).EnumerateArray().Any(r => r.GetString() == "joined-by-us"), "B joined through us");
        await sb.Server.In("joined-by-us").SocketsLeaveAsync("joined-by-us").WaitAsync(Timeout);
        await Eventually.TrueAsync(async () => (await node.RunAsync("nodeLocalRooms", new { sid = b })).EnumerateArray().All(r => r.GetString() != "joined-by-us"), "B left through us");
        if (!sharded)
        {
            await node.RunAsync("emitterJoin", new { to = new[] { "interop" }, rooms = new[] { "joined" } });
            await Eventually.TrueAsync(async () => (await node.RunAsync("nodeFetch", new { to = new[] { "joined" } })).GetArrayLength() == 2, "emitter join reached both");
            var allRooms = await sb.Server.Sockets.Adapter.AllRoomsAsync(CancellationToken.None).WaitAsync(Timeout);
            Assert.Contains(b, allRooms);
            Assert.Contains("joined", allRooms);
            var nodeRooms = await node.RunAsync("nodeAllRooms");
            Assert.Contains(a, nodeRooms.EnumerateArray().Select(r => r.GetString()));
        }

        // disconnectSockets across: Node disconnects A, we disconnect B.
        await node.RunAsync("nodeDisconnect", new { to = new[] { a } });
        await sb.Server.In(b).DisconnectSocketsAsync().WaitAsync(Timeout);
        await Eventually.TrueAsync(async () => !(await node.RunAsync("state", new { name = "A" })).GetProperty("connected").GetBoolean(), "A disconnected by Node");
        await Eventually.TrueAsync(async () => !(await node.RunAsync("state", new { name = "B" })).GetProperty("connected").GetBoolean(), "B disconnected by us");
        Assert.Equal(0, sb.Redis.DroppedMessages);
    }

    private static object Bin(object arg) => arg is string ? arg : new Dictionary<string, int[]> { ["$bin"] = [1, 2, 3] };
}
