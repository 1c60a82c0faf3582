using StackExchange.Redis;

namespace Switchboard.SocketIO.Redis.Tests;

/// <summary>
/// Two and three Switchboard servers on one real Redis, each operation of the adapter seam across them, in both wire
/// forms. Clients are real socket.io-client sockets (test/interop/redis-interop.mjs in "clients" mode): C1 on server 0
/// and C2 on server 1 in room "r", C3 on the last server in room "other". "Nothing arrives" is checked with a marker
/// sent after it on the same path.
/// </summary>
public sealed class MultiInstanceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RedisTheory]
    [InlineData(false, 2)]
    [InlineData(false, 3)]
    [InlineData(true, 2)]
    [InlineData(true, 3)]
    [InlineData(false, 2, false)]
    [InlineData(true, 3, false)]
    public async Task EveryOperation_SeveralInstances_CrossesServers(bool sharded, int count, bool ownPublisher = true)
    {
        var prefix = RedisEnvironment.UniquePrefix();
        var servers = new List<SwitchboardInstance>();
        await using var clients = await NodeSide.StartAsync(RedisEnvironment.Url, "clients", prefix);
        try
        {
            for (var i = 0; i < count; i++)
            {
                servers.Add(await SwitchboardInstance.StartAsync(RedisEnvironment.Url, prefix, sharded, publisher: ownPublisher));
            }

            var (s0, s1, last) = (servers[0], servers[1], servers[^1]);
            foreach (var server in servers)
            {
                await Eventually.TrueAsync(async () => await server.Server.Sockets.Adapter.ServerCountAsync(CancellationToken.None) == count, $"{count} servers counted");
            }

            var c1 = await clients.ConnectAsync("C1", s0.Url, "r");
            var c2 = await clients.ConnectAsync("C2", s1.Url, "r");
            var c3 = await clients.ConnectAsync("C3", last.Url, "other");
            if (sharded)
            {
                // Room-targeted delivery: only servers with a member subscribe to a room's channel.
                await Eventually.TrueAsync(async () => await ShardSubscribersAsync(prefix + "#/#r#") == 2, "r has 2 subscribed servers");
                await Eventually.TrueAsync(async () => await ShardSubscribersAsync(prefix + "#/#other#") == 1, "other has 1 subscribed server");
            }

            // Broadcast to one room, to several, with except, volatile, binary; local stays on its server.
            await s0.Server.To("r").EmitAsync("to-r", 1);
            await s1.Server.Except("r").EmitAsync("except-r", 2);
            await last.Server.To("r").To("other").Volatile.EmitAsync("to-both", new byte[] { 1, 2, 3 });
            await s0.Server.Sockets.Local.EmitAsync("local-only");
            await s1.Server.Except(c1).EmitAsync("not-c1");
            // Each server ends with a marker on the namespace channel, the path its negatives took: what a client has
            // once every marker and every expected event arrived is all it gets. Order holds per sender, not across.
            string[] markers = [.. servers.Select((_, i) => $"marker-{i}")];
            for (var i = 0; i < count; i++)
            {
                await servers[i].Server.EmitAsync(markers[i]);
            }

            var got1 = await clients.CollectUntilAsync("C1", [.. markers, "to-r", "to-both", "local-only"]);
            var got2 = await clients.CollectUntilAsync("C2", [.. markers, "to-r", "to-both", "not-c1"]);
            var got3 = await clients.CollectUntilAsync("C3", [.. markers, "except-r", "to-both", "not-c1"]);
            Assert.Equal(["local-only", "to-both", "to-r"], Names(got1));
            Assert.Equal(["not-c1", "to-both", "to-r"], Names(got2));
            Assert.Equal(["except-r", "not-c1", "to-both"], Names(got3));
            Assert.Equal("[1,2,3]", got3.Single(e => e[0].GetString() == "to-both")[1].GetProperty("$bin").GetRawText());

            // Broadcast with ack counts the clients of every server.
            var acks = await s0.Server.Sockets.Timeout(TimeSpan.FromSeconds(10)).EmitWithAckAsync("ask", []).WaitAsync(Timeout);
            Assert.False(acks.TimedOut);
            Assert.Equal(3, acks.ExpectedResponses);
            Assert.All(acks.Responses, r => Assert.Equal("ack:ask", r.Get<string>(0)));
            var roomAcks = await last.Server.Sockets.Timeout(TimeSpan.FromSeconds(10)).To("r").EmitWithAckAsync("ask-r", []).WaitAsync(Timeout);
            Assert.Equal(2, roomAcks.Responses.Count);

            // Fetch sockets and all rooms.
            var fetched = await last.Server.In("r").FetchSocketsAsync().WaitAsync(Timeout);
            Assert.Equal(new[] { c1, c2 }.Order(), fetched.Select(s => s.Id).Order());
            Assert.All(fetched, s => Assert.Equal("r", s.Handshake!.Auth.GetProperty("room").GetString()));
            var everyone = await s1.Server.FetchSocketsAsync().WaitAsync(Timeout);
            Assert.Equal(new[] { c1, c2, c3 }.Order(), everyone.Select(s => s.Id).Order());
            if (!sharded)
            {
                var rooms = await s0.Server.Sockets.Adapter.AllRoomsAsync(CancellationToken.None).WaitAsync(Timeout);
                Assert.Superset(new HashSet<string> { "r", "other", c1, c2, c3 }, new HashSet<string>(rooms));
            }

            // Join and leave from any server.
            await last.Server.In("r").SocketsJoinAsync("joined").WaitAsync(Timeout);
            await Eventually.TrueAsync(async () => (await s0.Server.In("joined").FetchSocketsAsync()).Count == 2, "r joined 'joined'");
            await s0.Server.In("joined").SocketsLeaveAsync("joined").WaitAsync(Timeout);
            await Eventually.TrueAsync(async () => (await last.Server.In("joined").FetchSocketsAsync()).Count == 0, "everyone left 'joined'");

            // Server-side emit, with and without ack: every other server answers, the sender does not hear itself.
            var heard = new int[count];
            var subscriptions = servers.Select((server, i) => server.Server.Sockets.OnServerSideEmit("hello", e =>
            {
                Interlocked.Increment(ref heard[i]);
                e.Ack($"server {i}");
                return ValueTask.CompletedTask;
            })).ToList();
            await s0.Server.Sockets.ServerSideEmitAsync("hello", ["no ack"]).WaitAsync(Timeout);
            await Eventually.TrueAsync(() => heard.Skip(1).All(h => h == 1), "every other server heard");
            var answers = await s1.Server.Sockets.ServerSideEmitWithAckAsync("hello", ["with ack"], TimeSpan.FromSeconds(10)).WaitAsync(Timeout);
            Assert.Equal(count - 1, answers.Count);
            Assert.DoesNotContain("server 1", answers.Select(a => a.Get<string>(0)));
            Assert.Equal(1, heard[1]);
            subscriptions.ForEach(s => s.Dispose());

            // Disconnect from another server.
            await last.Server.In(c1).DisconnectSocketsAsync().WaitAsync(Timeout);
            await Eventually.TrueAsync(async () => !(await clients.RunAsync("state", new { name = "C1" })).GetProperty("connected").GetBoolean(), "C1 disconnected");
            await Eventually.TrueAsync(() => s0.Server.Sockets.Sockets.Count == 0, "server 0 has no socket");
            Assert.All(servers, s => Assert.Equal(0, s.Redis.DroppedMessages));
            Assert.All(servers, s => Assert.Equal(0, s.Redis.DroppedBroadcasts));
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [RedisFact]
    public async Task ChannelPrefix_OtherDeployment_SeesNothing()
    {
        await using var clients = await NodeSide.StartAsync(RedisEnvironment.Url, "clients", "unused");
        await using var a = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, RedisEnvironment.UniquePrefix(), sharded: false);
        await using var b = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, RedisEnvironment.UniquePrefix(), sharded: false);
        await clients.ConnectAsync("A", a.Url);
        await Eventually.TrueAsync(async () => await b.Server.Sockets.Adapter.ServerCountAsync(CancellationToken.None) == 1, "b alone");
        await b.Server.EmitAsync("other-deployment");
        await a.Server.EmitAsync("marker");
        var (_, before) = await clients.WaitForEventAsync("A", "marker");
        Assert.Empty(before);
        Assert.Empty(await b.Server.FetchSocketsAsync().WaitAsync(Timeout));
    }

    [RedisTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MalformedMessages_OnEveryChannel_AreSkippedAndCounted(bool sharded)
    {
        var prefix = RedisEnvironment.UniquePrefix();
        await using var clients = await NodeSide.StartAsync(RedisEnvironment.Url, "clients", prefix);
        await using var a = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, prefix, sharded);
        await using var b = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, prefix, sharded);
        await clients.ConnectAsync("A", a.Url, "r");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisEnvironment.Url.Replace("redis://", string.Empty, StringComparison.Ordinal));
        var bad = new byte[][]
        {
            [0xc1], // never used in msgpack
            [0x93, 0xa1], // truncated
            "{not json"u8.ToArray(),
            """{"type":99,"uid":"x","nsp":"/","data":{}}"""u8.ToArray(),
            [0x92, 0x01, 0x02], // an array that is not a broadcast
        };
        var channels = sharded
            ? new[] { RedisChannel.Sharded(prefix + "#/#"), RedisChannel.Sharded(prefix + "#/#r#") }
            : [RedisChannel.Literal(prefix + "#/#"), RedisChannel.Literal(prefix + "-request#/#"), RedisChannel.Literal(prefix + "-response#/#")];
        if (sharded)
        {
            await Eventually.TrueAsync(async () => await ShardSubscribersAsync(prefix + "#/#r#") == 1, "r subscribed");
        }

        foreach (var channel in channels)
        {
            foreach (var message in bad)
            {
                await redis.GetSubscriber().PublishAsync(channel, message);
            }
        }

        await Eventually.TrueAsync(() => a.Redis.DroppedMessages >= 5, "malformed messages counted");
        await b.Server.To("r").EmitAsync("still-works");
        await clients.WaitForEventAsync("A", "still-works");
        Assert.Single(await b.Server.In("r").FetchSocketsAsync().WaitAsync(Timeout));
    }

    private static string[] Names(List<System.Text.Json.JsonElement> events) =>
        [.. events.Select(e => e[0].GetString()!).Where(n => !n.StartsWith("marker-", StringComparison.Ordinal)).Order()];

    private static async Task<long> ShardSubscribersAsync(string channel)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisEnvironment.Url.Replace("redis://", string.Empty, StringComparison.Ordinal));
        var result = (RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel))!;
        return (long)result[1];
    }
}
