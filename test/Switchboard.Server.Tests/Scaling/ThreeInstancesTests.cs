using System.Diagnostics;
using System.Text.Json.Nodes;
using Switchboard.Server.Auth;
using Switchboard.Server.Chat;
using Switchboard.Server.Realtime;
using Switchboard.Server.Sessions;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Storage;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Testing;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// Redis mode across three instances on one Redis and one database: instance A in this process (the server's API, as
/// an embedding application calls it), B and C Switchboard.Server processes; the tabs are Socket.IO clients over
/// WebSocket.
/// </summary>
public sealed class ThreeInstancesTests(ThreeInstancesFixture fixture, ITestOutputHelper output) : IClassFixture<ThreeInstancesFixture>
{
    private RedisModeCluster Cluster => fixture.Cluster;

    private string B => Cluster.Processes[0].Url;

    private string C => Cluster.Processes[1].Url;

    [RedisModeFact]
    public async Task Emitter_UserRoomOnA_ReachesTabsOnBAndCInOrder()
    {
        const int Count = 10_000;
        var user = await Seed.UserAsync(Cluster.A);
        await using var onB = await RedisModeCluster.ConnectAsync(B, user.Id);
        await using var onC = await RedisModeCluster.ConnectAsync(C, user.Id);
        await WaitForPresenceAsync(user.Id, onB, onC);
        var emitter = Cluster.Service<IChatEventEmitter>();
        var target = new ChatEventTarget { UserId = user.Id, ChatId = "local:chat", MessageId = "m1" };

        // The producer keeps at most Window events ahead of the slower tab: a burst of thousands of sends to one
        // client would meet the Engine.IO send queue's capacity (1024 sends), which closes a client that reads too
        // slowly (issue 13's flow control), and that is not what this test is about.
        const int Window = 256;
        var progress = new int[2];
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Count; i++)
            {
                if (i - Math.Min(Volatile.Read(ref progress[0]), Volatile.Read(ref progress[1])) >= Window)
                {
                    await Eventually.TrueAsync(() => i - Math.Min(Volatile.Read(ref progress[0]), Volatile.Read(ref progress[1])) < Window / 2, "the tabs catch up");
                }

                await emitter.EmitAsync(target, new JsonObject { ["type"] = "status", ["data"] = new JsonObject { ["seq"] = i } }, persist: false);
            }
        });
        var clock = Stopwatch.StartNew();
        var received = await Task.WhenAll(ReceiveSequenceAsync(onB, Count, n => Volatile.Write(ref progress[0], n)), ReceiveSequenceAsync(onC, Count, n => Volatile.Write(ref progress[1], n)));
        await sending.WaitAsync(SocketIOTab.Timeout);

        Assert.Equal(Enumerable.Range(0, Count), received[0]);
        Assert.Equal(Enumerable.Range(0, Count), received[1]);
        output.WriteLine($"{Count} events to two tabs on two other instances in {clock.ElapsedMilliseconds} ms");
    }

    [RedisModeFact]
    public async Task Caller_SocketOnAnotherInstance_ReturnsItsAck()
    {
        var user = await Seed.UserAsync(Cluster.A);
        var other = await Seed.UserAsync(Cluster.A);
        await using var onB = await RedisModeCluster.ConnectAsync(B, user.Id);
        await using var silentOnC = await RedisModeCluster.ConnectAsync(C, user.Id);
        onB.OnCall = args => new JsonArray(new JsonObject { ["answered_by"] = "B", ["echo"] = args[1]!["data"]!["data"]!.DeepClone() });
        await WaitForPresenceAsync(user.Id, onB, silentOnC);
        var caller = Cluster.Service<IChatEventCaller>();
        var data = new JsonObject { ["type"] = "execute:python", ["data"] = new JsonObject { ["code"] = "1 + 1" } };

        var answered = await caller.CallAsync(new ChatEventTarget { UserId = user.Id, SessionId = onB.Sid, ChatId = "c", MessageId = "m" }, data);
        var notTheirs = await caller.CallAsync(new ChatEventTarget { UserId = other.Id, SessionId = onB.Sid, ChatId = "c", MessageId = "m" }, data);
        var unknown = await caller.CallAsync(new ChatEventTarget { UserId = user.Id, SessionId = "no-such-socket", ChatId = "c", MessageId = "m" }, data);
        var silent = await caller.CallAsync(new ChatEventTarget { UserId = user.Id, SessionId = silentOnC.Sid, ChatId = "c", MessageId = "m" }, data, TimeSpan.FromMilliseconds(500));

        Assert.True(answered.Succeeded, answered.Error);
        Assert.Equal("B", (string?)answered.Value!["answered_by"]);
        Assert.Equal("1 + 1", (string?)answered.Value!["echo"]!["code"]);
        Assert.Equal(ChatCallResult.Disconnected, notTheirs.Error);
        Assert.Equal(ChatCallResult.Disconnected, unknown.Error);
        Assert.Equal(ChatCallResult.TimedOut, silent.Error);
    }

    [RedisModeFact]
    public async Task Revocation_UserRevokedOnA_DisconnectsTabsOnEveryInstance()
    {
        var user = await Seed.UserAsync(Cluster.A);
        var bystander = await Seed.UserAsync(Cluster.A);
        await using var onA = await RedisModeCluster.ConnectAsync(Cluster.A.Url, user.Id);
        await using var onB = await RedisModeCluster.ConnectAsync(B, user.Id);
        await using var onC = await RedisModeCluster.ConnectAsync(C, user.Id);
        await using var bystanderOnB = await RedisModeCluster.ConnectAsync(B, bystander.Id);

        var clock = Stopwatch.StartNew();
        await Cluster.Service<ITokenRevocations>().RevokeUserAsync(user.Id);
        var reasons = await Task.WhenAll(new[] { onA, onB, onC }.Select(async tab =>
        {
            var error = await tab.NextAsync("error");
            await tab.Disconnected.WaitAsync(SocketIOTab.Timeout);
            return (string?)error[1]!["reason"];
        }));

        output.WriteLine($"tabs on three instances disconnected {clock.ElapsedMilliseconds} ms after the revocation");
        Assert.All(reasons, r => Assert.Equal(SessionTerminator.Revoked, r));
        Assert.False(bystanderOnB.Disconnected.IsCompleted);
        Assert.Equal(new JsonArray((JsonNode?)null).ToJsonString(), (await bystanderOnB.CallAsync("heartbeat", new JsonObject())).ToJsonString());
    }

    [RedisModeFact]
    public async Task Revocation_OpenWebUIKeys_WrittenAndHonoured()
    {
        var revokedByKey = await Seed.UserAsync(Cluster.A);
        var revokedHere = await Seed.UserAsync(Cluster.A);
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(Cluster.Redis.Url.Replace("redis://", "", StringComparison.Ordinal));
        var db = redis.GetDatabase();
        var oldToken = RedisModeCluster.Token(revokedByKey.Id);

        // Open WebUI's Python side revokes by writing its key (epoch s); every instance refuses the older token.
        await db.StringSetAsync(Cluster.Keys.UserRevokedAt(revokedByKey.Id), DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var anonymous = await SocketIOTab.ConnectAsync(C, null);
        var refused = await anonymous.CallAsync("user-join", new JsonObject { ["auth"] = new JsonObject { ["token"] = oldToken } });
        Assert.Contains("Revoked", (string?)refused[0]!["error"], StringComparison.Ordinal);

        // A revocation made here is written in Open WebUI's layout, with the token's remaining life as TTL.
        await Cluster.Service<ITokenRevocations>().RevokeTokenAsync("jti-" + revokedHere.Id, revokedHere.Id, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds());
        Assert.Equal("1", (string?)await db.StringGetAsync(Cluster.Keys.RevokedToken("jti-" + revokedHere.Id)));
        var ttl = await db.KeyTimeToLiveAsync(Cluster.Keys.RevokedToken("jti-" + revokedHere.Id));
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(50), TimeSpan.FromHours(1));
    }

    [RedisModeFact]
    public async Task EnterRoomForUsers_SocketsOnOtherInstancesJoinTheChannel()
    {
        var user = await Seed.UserAsync(Cluster.A);
        var outsider = await Seed.UserAsync(Cluster.A);
        await using var onB = await RedisModeCluster.ConnectAsync(B, user.Id);
        await using var onC = await RedisModeCluster.ConnectAsync(C, user.Id);
        await using var outsiderOnC = await RedisModeCluster.ConnectAsync(C, outsider.Id);
        var hub = Cluster.Service<IRealtimeHub>();
        var channelId = Seed.NewId();

        await hub.EnterRoomForUsersAsync(Rooms.Channel(channelId), [user.Id]);
        await Eventually.TrueAsync(async () => (await hub.GetUserIdsInRoomAsync(Rooms.Channel(channelId))).Contains(user.Id), "the user's sockets are in the channel room");
        await hub.EmitChannelEventAsync(channelId, "msg-1", "message", new JsonObject { ["content"] = "hello" }, null, null);
        await hub.EmitToUsersAsync("marker", new JsonObject(), [outsider.Id]);

        Assert.Equal(channelId, (string?)(await onB.NextAsync("events:channel"))[1]!["channel_id"]);
        Assert.Equal(channelId, (string?)(await onC.NextAsync("events:channel"))[1]!["channel_id"]);
        Assert.Equal([user.Id], await hub.GetUserIdsInRoomAsync(Rooms.Channel(channelId)));
        await outsiderOnC.NextAsync("marker");
        Assert.Empty(outsiderOnC.PendingNames());
    }

    [RedisModeFact]
    public async Task Notes_EditorsOnDifferentInstances_ConvergeAndOneInstanceSaves()
    {
        var owner = await Seed.UserAsync(Cluster.A);
        var editor = await Seed.UserAsync(Cluster.A);
        var viewer = await Seed.UserAsync(Cluster.A);
        var note = await Seed.NoteAsync(Cluster.A, owner.Id);
        await Seed.GrantAsync(Cluster.A, "note", note, "user", editor.Id, "read");
        await Seed.GrantAsync(Cluster.A, "note", note, "user", editor.Id, "write");
        await Seed.GrantAsync(Cluster.A, "note", note, "user", viewer.Id, "read");
        JsonNode typed;

        // Editor A on B, editor B on C, the read-only viewer on B: real npm yjs documents, as the frontend binds them.
        await using (var node = NodeProcess.Start("notes-collab.mjs", "edit", $"{B},{C}", note,
            RedisModeCluster.Token(owner.Id), RedisModeCluster.Token(editor.Id), RedisModeCluster.Token(viewer.Id)))
        {
            JsonNode converged;
            try
            {
                converged = JsonNode.Parse(await node.ReadLineAsync(SocketIOTab.Timeout))!;
            }
            catch (TimeoutException)
            {
                output.WriteLine("B:\n" + Cluster.Processes[0].Output + "\nC:\n" + Cluster.Processes[1].Output);
                throw;
            }

            Assert.Equal("converged", (string?)converged["step"]);
            await WaitForStoredAsync(note, converged["json"]!);
            await node.WriteLineAsync("type");
            typed = JsonNode.Parse(await node.ReadLineAsync(SocketIOTab.Timeout))!["json"]!;
            await WaitForStoredAsync(note, typed);
            await node.WriteLineAsync("exit");
        }

        // One instance saved the note; the other, which had every update too, left it to that one.
        var saves = Cluster.Processes.Select(p => CountOf(p.Output, $"Saved document note:{note} (content True")).ToArray();
        output.WriteLine($"content saves by B and C: {string.Join(", ", saves)}");
        Assert.Single(saves, n => n > 0);

        // A, which never had the note open, loads what the two instances stored: the same document.
        var read = await NodeProcess.RunAsync("notes-collab.mjs", SocketIOTab.Timeout, null, "read", Cluster.A.Url, note, RedisModeCluster.Token(viewer.Id));
        Assert.True(read.ExitCode == 0, read.StandardError);
        var state = JsonNode.Parse(read.StandardOutput.Trim())!["json"]!;
        Assert.True(JsonNode.DeepEquals(typed, state), $"stored {state}, typed {typed}");
    }

    [RedisModeFact]
    public async Task DocumentState_JoinersOnDifferentInstances_SessionsListEveryInstancesSockets()
    {
        var owner = await Seed.UserAsync(Cluster.A);
        var note = await Seed.NoteAsync(Cluster.A, owner.Id);
        var join = new JsonObject { ["document_id"] = "note:" + note, ["user_id"] = owner.Id, ["user_name"] = "o", ["user_color"] = "#123456" };
        await using var onB = await RedisModeCluster.ConnectAsync(B, owner.Id);
        await using var onC = await RedisModeCluster.ConnectAsync(C, owner.Id);

        await onB.CallAsync("ydoc:document:join", join);
        await onB.NextAsync("ydoc:document:state");
        await onC.CallAsync("ydoc:document:join", join);
        var state = (await onC.NextAsync("ydoc:document:state"))[1]!;

        var sessions = state["sessions"]!.AsArray().Select(n => (string)n!).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { onB.Sid, onC.Sid }.Order(StringComparer.Ordinal), sessions);
    }

    private async Task WaitForStoredAsync(string noteId, JsonNode expected)
    {
        await Eventually.TrueAsync(async () =>
        {
            await using var db = await Cluster.A.DbAsync();
            var row = await db.Notes.SingleAsync(n => n.Id == noteId);
            return JsonNode.DeepEquals(JsonColumn.ParseObject(row.Data)["content"]?["json"], expected);
        }, $"the stored note becomes {expected}");
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    // Presence is written as the socket connects; event calls and the reaper read it.
    private async Task WaitForPresenceAsync(string userId, params SocketIOTab[] tabs)
    {
        var presence = Cluster.Service<ISessionPresence>();
        foreach (var tab in tabs)
        {
            await Eventually.TrueAsync(async () => await presence.GetUserIdAsync(tab.Sid) == userId, $"presence of {tab.Sid}");
        }
    }

    private static async Task<List<int>> ReceiveSequenceAsync(SocketIOTab tab, int count, Action<int> progress)
    {
        var sequence = new List<int>(count);
        while (sequence.Count < count)
        {
            var args = await tab.NextAsync("events");
            sequence.Add((int)args[1]!["data"]!["data"]!["seq"]!);
            progress(sequence.Count);
        }

        return sequence;
    }
}
