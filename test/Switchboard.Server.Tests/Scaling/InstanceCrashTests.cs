using System.Text.Json.Nodes;
using StackExchange.Redis;
using Switchboard.Server.Tests.Completions;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// An instance that dies (SIGKILL, three real processes): its tab reconnects to another instance and resumes the reply
/// another instance streams, missing nothing; the dead instance's presence and usage expire on their own (G8, G9).
/// </summary>
public sealed class InstanceCrashTests
{
    [RedisModeFact]
    public async Task SigKill_InstanceWithATab_TabResumesOnAnotherAndPresenceAndUsageExpire()
    {
        var settings = new RedisModeSettings
        {
            SessionPoolTimeout = TimeSpan.FromSeconds(4),
            LockTimeout = TimeSpan.FromSeconds(3),
            UsageExpiry = TimeSpan.FromSeconds(2),
        };
        await using var upstream = await FakeOpenAI.StartAsync();
        await using var cluster = await ProcessCluster.StartAsync(3, settings, new Dictionary<string, string>
        {
            ["OPENAI_API_BASE_URLS"] = upstream.BaseUrl,
            ["OPENAI_API_KEYS"] = CompletionServer.ApiKey,
            ["Switchboard__Completions__DeltaBatchCharacters"] = "1",
        });
        var (a, b, c) = (cluster.Instances[0], cluster.Instances[1], cluster.Instances[2]);
        var user = await Seed.UserAsync(cluster);
        var chat = await Seed.ChatAsync(cluster, user.Id, "hello");
        var token = ProcessCluster.Token(user.Id);
        var onB = await SocketIOTab.ConnectAsync(b.Url, token);
        await using var liveOnA = await SocketIOTab.ConnectAsync(a.Url, token);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis.Url.Replace("redis://", "", StringComparison.Ordinal));
        var db = redis.GetDatabase();
        await TabStream.SubscribeAsync(onB);

        // Both tabs heartbeat (every 200 ms, well inside the 4-s timeout) as the frontend does, the doomed one with its
        // usage too, as the frontend repeats it while a model generates: on a loaded machine the set-up below can take
        // longer than the timeout, and a silent tab is rightly reaped.
        using var stopDoomed = new CancellationTokenSource();
        using var stop = new CancellationTokenSource();
        var doomedHeartbeats = HeartbeatAsync(onB, chat, stopDoomed.Token);
        var heartbeats = HeartbeatAsync(liveOnA, null, stop.Token);
        await Eventually.TrueAsync(async () => await db.HashExistsAsync(cluster.Keys.SessionPool, onB.Sid), "the tab's presence is in session_pool");
        await Eventually.TrueAsync(async () => await db.HashExistsAsync(cluster.Keys.UsagePool, "crash-model"), "the tab's usage is in usage_pool");

        // A streams 30 tokens, pausing after 5 and after 10; the tab on B has the first 5 when B dies.
        using var http = ProcessCluster.Http(a, token);
        await ClusterScenarios.StartAsync(http, onB.Sid, chat, "fake-model", "hello", new JsonObject { ["fake_tokens"] = 30, ["fake_pause_at"] = new JsonArray(5, 10) });
        var stream = new TabStream(chat);
        await stream.ReadAsync(onB, seq: 5);
        await stopDoomed.CancelAsync();
        await doomedHeartbeats.WaitAsync(SocketIOTab.Timeout);
        await b.KillAsync();
        await onB.Disconnected.WaitAsync(SocketIOTab.Timeout);
        await onB.DisposeAsync();

        // Tokens 5 to 9 are streamed while the tab is away (A recorded them: 1 header + 10 batches).
        await upstream.ReleaseAsync();
        await Eventually.TrueAsync(async () => await db.ListLengthAsync(cluster.Keys.Stream(chat, "a1")) >= 11, "A streamed the tokens up to the second pause");

        // The tab reconnects to C (socket.io-client picks any instance behind the balancer) and resumes after seq 5.
        await using var onC = await SocketIOTab.ConnectAsync(c.Url, token);
        var ack = (await onC.CallAsync("chat:stream:resume", new JsonObject { ["chat_id"] = chat, ["message_id"] = "a1", ["after_seq"] = 5 }))[0]!.AsObject();
        Assert.Null(ack["error"]);
        Assert.Equal(5, (int)ack["after_seq"]!);
        Assert.Equal(ClusterScenarios.ChatEventsText(10)[ClusterScenarios.ChatEventsText(5).Length..], (string?)ack["delta"]);
        Assert.False((bool)ack["done"]!);
        stream.Resumed(ack, ClusterScenarios.ChatEventsText(5));
        await upstream.ReleaseAsync();
        await stream.ReadAsync(onC);
        Assert.Equal(ClusterScenarios.ChatEventsText(30), stream.Text.ToString());
        Assert.Equal(30, stream.Seq);
        await TabStream.StoredAsync(cluster, chat, ClusterScenarios.ChatEventsText(30));

        // Meanwhile the tab on A keeps sending heartbeats: it must stay.
        await Eventually.TrueAsync(async () => !await db.HashExistsAsync(cluster.Keys.SessionPool, onB.Sid), "the dead instance's presence is reaped");
        await Eventually.TrueAsync(async () => !await db.HashExistsAsync(cluster.Keys.UsagePool, "crash-model"), "the dead instance's usage is swept");
        await stop.CancelAsync();
        await heartbeats.WaitAsync(SocketIOTab.Timeout);
        Assert.True(await db.HashExistsAsync(cluster.Keys.SessionPool, liveOnA.Sid), "a tab that heartbeats is not reaped");
        Assert.DoesNotContain(onB.Sid, (await db.SortedSetRangeByRankAsync(cluster.Keys.SessionExpiry)).Select(v => (string)v!));
    }

    private static Task HeartbeatAsync(SocketIOTab tab, string? usageChat, CancellationToken stop) => Task.Run(async () =>
    {
        while (!stop.IsCancellationRequested)
        {
            await tab.CallAsync("heartbeat", new JsonObject());
            if (usageChat is not null)
            {
                await tab.CallAsync("usage", new JsonObject { ["action"] = "generate", ["model"] = "crash-model", ["chat_id"] = usageChat });
            }

            await Task.Delay(200, CancellationToken.None);
        }
    }, CancellationToken.None);
}
