using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Switchboard.Server.Auth;
using Switchboard.Server.Chat;
using Switchboard.Server.Sessions;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.SocketIO.Redis;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// Redis mode on three real Switchboard.Server processes A, B and C (one redis-server, one database), driven from
/// outside as users drive them: <c>POST /api/chat/completions</c>, stops, sign-outs and channel posts over HTTP, tabs
/// as Socket.IO clients over WebSocket, note editors as npm yjs + socket.io-client. The exceptions are the server
/// call (<see cref="ClusterScenarios.CallAsync"/>) and the plain emit to a user room (<see cref="ClusterScenarios.EmitAsync"/>),
/// which only the server's API makes: a fourth instance in the test process, on the same Redis and database, makes them.
/// </summary>
public sealed class ThreeProcessesTests(ThreeProcessesFixture fixture, ITestOutputHelper output) : IClassFixture<ThreeProcessesFixture>
{
    [RedisModeFact]
    public Task Completion_TenThousandDeltasStreamedOnA_ReachTabsOnBAndCInOrder() => ClusterScenarios.StreamAsync(fixture, 10_000, output);

    [RedisModeFact]
    public Task Stop_SentToB_CancelsTheStreamRunningOnA() => ClusterScenarios.StopAsync(fixture);

    [RedisModeFact]
    public Task Resume_OnCAfterAStreamedTheMessageAgain_AnswersTheNewerStream() => ClusterScenarios.ResumeNewerAsync(fixture);

    [RedisModeFact]
    public Task Resume_OnCBeforeTheFirstBatchOfANewStreamOnA_AnswersTheNewStream() => ClusterScenarios.ResumeBeforeFirstBatchAsync(fixture);

    [RedisModeFact]
    public Task Emitter_UserRoomFromAnotherInstance_TenThousandEventsReachTabsOnBAndCInOrder() => ClusterScenarios.EmitAsync(fixture);

    [RedisModeFact]
    public Task Call_SocketOnAnotherInstance_ReturnsItsAck() => ClusterScenarios.CallAsync(fixture);

    [RedisModeFact]
    public Task SignOut_OnB_DisconnectsTheTokensTabsOnEveryInstance() => ClusterScenarios.RevokeAsync(fixture);

    [RedisModeFact]
    public Task Notes_EditorsOnBAndC_ConvergeAndOneInstanceSavesEachState() => ClusterScenarios.NotesAsync(fixture, output);

    [RedisModeFact]
    public Task DirectChannel_CreatedOnA_SocketsOnBAndCJoinIt() => ClusterScenarios.ChannelAsync(fixture);

    [RedisModeFact]
    public async Task RunningRepliesLimit_RepliesOnAAndB_RefusedOnCUntilOneStops()
    {
        var user = await Seed.UserAsync(fixture.Cluster);
        var token = ProcessCluster.Token(user.Id);
        await using var tab = await SocketIOTab.ConnectAsync(fixture.C.Url, token);
        var paused = new JsonObject { ["fake_tokens"] = 20, ["fake_pause_at"] = 2 };
        var chats = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            chats.Add(await Seed.ChatAsync(fixture.Cluster, user.Id, "hello"));
        }

        // One paused reply on A, one on B: the user's limit (2) is reached on every instance.
        using var onA = ProcessCluster.Http(fixture.A, token);
        using var onB = ProcessCluster.Http(fixture.B, token);
        using var onC = ProcessCluster.Http(fixture.C, token);
        var first = await ClusterScenarios.StartAsync(onA, tab.Sid, chats[0], "fake-model", "hello", paused);
        await ClusterScenarios.StartAsync(onB, tab.Sid, chats[1], "fake-model", "hello", paused);
        using var refused = await onC.PostAsJsonAsync("/api/chat/completions", CompletionBody(tab.Sid, chats[2]));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        // A stop (sent to C, for the reply on A) frees a slot everywhere.
        using var stop = await onC.PostAsync($"/api/tasks/stop/{first}", null);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        HttpStatusCode status = 0;
        await Eventually.TrueAsync(async () =>
        {
            using var again = await onC.PostAsJsonAsync("/api/chat/completions", CompletionBody(tab.Sid, chats[2]));
            status = again.StatusCode;
            return status != HttpStatusCode.TooManyRequests;
        }, "a reply is accepted on C once the stopped one ended on A");
        Assert.Equal(HttpStatusCode.OK, status);
        await fixture.Upstream.ReleaseAsync();
    }

    [RedisModeFact]
    public async Task Revocation_OpenWebUIKeys_WrittenAndHonoured()
    {
        var revokedByKey = await Seed.UserAsync(fixture.Cluster);
        var signedOut = await Seed.UserAsync(fixture.Cluster);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(fixture.Cluster.Redis.Url.Replace("redis://", "", StringComparison.Ordinal));
        var db = redis.GetDatabase();
        var oldToken = ProcessCluster.Token(revokedByKey.Id);

        // Open WebUI's Python side revokes by writing its key (epoch s): every instance refuses the older token.
        await db.StringSetAsync(fixture.Cluster.Keys.UserRevokedAt(revokedByKey.Id), DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        await using var anonymous = await SocketIOTab.ConnectAsync(fixture.C.Url, null);
        var refused = await anonymous.CallAsync("user-join", new JsonObject { ["auth"] = new JsonObject { ["token"] = oldToken } });
        Assert.Contains("Revoked", (string?)refused[0]!["error"], StringComparison.Ordinal);
        using var http = ProcessCluster.Http(fixture.A, oldToken);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/api/v1/auths/")).StatusCode);

        // A sign-out here is written in Open WebUI's layout (auth:token:{jti}:revoked).
        var jti = Guid.NewGuid().ToString();
        var token = JwtToken.Create(
            new JwtClaims { UserId = signedOut.Id, IssuedAt = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), TokenId = jti, ExpiresAt = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds() },
            System.Text.Encoding.UTF8.GetBytes(ServerHost.Secret));
        using var signout = await ProcessCluster.Http(fixture.B, token).GetAsync("/api/v1/auths/signout");
        Assert.Equal(HttpStatusCode.OK, signout.StatusCode);
        Assert.Equal("1", (string?)await db.StringGetAsync(fixture.Cluster.Keys.RevokedToken(jti)));
        Assert.InRange((await db.KeyTimeToLiveAsync(fixture.Cluster.Keys.RevokedToken(jti)))!.Value, TimeSpan.FromMinutes(50), TimeSpan.FromHours(1));
    }

    [RedisModeFact]
    public async Task DocumentState_JoinersOnBAndC_SessionsListEveryInstancesSockets()
    {
        var owner = await Seed.UserAsync(fixture.Cluster);
        var note = await Seed.NoteAsync(fixture.Cluster, owner.Id);
        var join = new JsonObject { ["document_id"] = "note:" + note, ["user_id"] = owner.Id, ["user_name"] = "o", ["user_color"] = "#123456" };
        await using var onB = await ProcessCluster.ConnectAsync(fixture.B.Url, owner.Id);
        await using var onC = await ProcessCluster.ConnectAsync(fixture.C.Url, owner.Id);

        await onB.CallAsync("ydoc:document:join", join);
        await onB.NextAsync("ydoc:document:state");
        await onC.CallAsync("ydoc:document:join", join);
        var state = (await onC.NextAsync("ydoc:document:state"))[1]!;

        var sessions = state["sessions"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { onB.Sid, onC.Sid }.Order(StringComparer.Ordinal), sessions);
    }

    /// <summary>
    /// Redis killed under the three instances and started again (empty: it saves nothing): every instance reports
    /// not-ready meanwhile; a reply streamed during the outage is stored (its emits are dropped and counted); after,
    /// every check of this class passes again and nothing stored before or during the outage is lost.
    /// </summary>
    [RedisModeFact]
    public async Task RedisRestart_MidTest_EverythingWorksAgainAndNothingStoredIsLost()
    {
        var f = fixture;
        var embedded = await f.EmbeddedAsync();
        var before = await ClusterScenarios.StreamAsync(f, 200);
        var user = await Seed.UserAsync(f.Cluster);
        var token = ProcessCluster.Token(user.Id);
        await using var onB = await SocketIOTab.ConnectAsync(f.B.Url, token);
        var dropped = embedded.Services.GetRequiredService<RedisAdapterConnection>().DroppedBroadcasts;

        await f.Cluster.Redis.KillAsync();
        await f.Cluster.WaitReadyAsync(503, "every instance reports not ready");
        var prompt = string.Join(' ', Enumerable.Range(0, 50).Select(i => "during" + i));
        var during = await Seed.ChatAsync(f.Cluster, user.Id, prompt);
        await ClusterScenarios.StartAsync(ProcessCluster.Http(f.A, token), onB.Sid, during, "echo", prompt);
        await TabStream.StoredAsync(f.Cluster, during, prompt);
        await embedded.Services.GetRequiredService<IChatEventEmitter>().EmitAsync(
            new ChatEventTarget { UserId = user.Id, ChatId = "local:c", MessageId = "m" }, new JsonObject { ["type"] = "status" }, persist: false);
        Assert.True(embedded.Services.GetRequiredService<RedisAdapterConnection>().DroppedBroadcasts > dropped, "an emit during the outage is counted as dropped");
        Assert.False(onB.Disconnected.IsCompleted, "the tab stays connected to its instance");

        await f.Cluster.Redis.StartAgainAsync();
        await f.Cluster.WaitReadyAsync(200, "every instance is ready again");
        await SubscribedAgainAsync(f, instances: 4);
        await Eventually.TrueAsync(
            async () => await embedded.Services.GetRequiredService<ISessionPresence>().GetUserIdAsync(onB.Sid) == user.Id,
            "the presence of a tab connected before the outage is written again (the new Redis had none)");

        Assert.Equal(string.Join(' ', Enumerable.Range(0, 200).Select(i => "w" + i)), (string?)(await TabStream.StoredAsync(f.Cluster, before))!["content"]);
        Assert.Equal(prompt, (string?)(await TabStream.StoredAsync(f.Cluster, during))!["content"]);
        await ClusterScenarios.StreamAsync(f, 1_000, output);
        await ClusterScenarios.StopAsync(f);
        await ClusterScenarios.CallAsync(f);
        await ClusterScenarios.RevokeAsync(f);
        await ClusterScenarios.ChannelAsync(f);
        await ClusterScenarios.NotesAsync(f, output);
    }

    private static JsonObject CompletionBody(string sid, string chatId) => new()
    {
        ["model"] = "echo",
        ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "hi" }),
        ["session_id"] = sid,
        ["chat_id"] = chatId,
        ["id"] = "a1",
    };

    // Each instance subscribes again on its own once Redis is back: waits until Redis counts every instance on the
    // server's channels (stops, revocations, documents) and connections on the Socket.IO adapter's pattern.
    private static async Task SubscribedAgainAsync(ThreeProcessesFixture f, int instances)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(f.Cluster.Redis.Url.Replace("redis://", "", StringComparison.Ordinal) + ",allowAdmin=true");
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var keys = f.Cluster.Keys;
        string[] channels = [keys.Prefix + ":tasks:commands", keys.RevocationChannel, keys.DocumentChannel];
        var seen = "";
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                var counts = (RedisResult[])(await server.ExecuteAsync("PUBSUB", ["NUMSUB", .. channels]))!;
                var clients = ((string)(await server.ExecuteAsync("CLIENT", "LIST"))!).Split('\n');
                var patterns = clients.LongCount(c => c.Contains(" psub=", StringComparison.Ordinal) && !c.Contains(" psub=0 ", StringComparison.Ordinal));
                var numbers = Enumerable.Range(0, channels.Length).Select(i => (long)counts[(2 * i) + 1]).Append(patterns).ToArray();
                seen = string.Join(", ", numbers);
                return numbers.All(n => n >= instances);
            }, "every instance subscribed again");
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} (subscribers of the stop, revocation and document channels, then connections with a pattern (the adapter's): {seen})", ex);
        }
    }
}
