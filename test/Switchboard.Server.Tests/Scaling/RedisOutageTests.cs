using System.Text.Json.Nodes;
using Switchboard.Server.Auth;
using Switchboard.Server.Chat;
using Switchboard.Server.Sessions;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.SocketIO.Redis;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>Redis killed and started again under two instances: not ready meanwhile, emits dropped and counted, then everything works again.</summary>
public sealed class RedisOutageTests
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    [RedisModeFact]
    public async Task RedisRestart_MidTest_NotReadyDuringOutageThenEverythingWorksAgain()
    {
        await using var cluster = await RedisModeCluster.StartAsync(processes: 1);
        var b = cluster.Processes[0];
        var user = await Seed.UserAsync(cluster.A);
        await using var onB = await RedisModeCluster.ConnectAsync(b.Url, user.Id);
        onB.OnCall = _ => new JsonArray("answered");
        var emitter = cluster.Service<IChatEventEmitter>();
        var adapter = cluster.Service<RedisAdapterConnection>();
        await DeliveredAsync(emitter, onB, user.Id, "before");

        await cluster.Redis.KillAsync();
        await Eventually.TrueAsync(async () => await ReadyAsync(cluster.A.Url) == 503 && await b.ReadyStatusAsync() == 503, "both instances report not ready");
        var droppedBefore = adapter.DroppedBroadcasts;
        await emitter.EmitAsync(Target(user.Id), Status("during"), persist: false).WaitAsync(SocketIOTab.Timeout);
        Assert.True(adapter.DroppedBroadcasts > droppedBefore, "an emit during the outage is counted as dropped");
        Assert.False(onB.Disconnected.IsCompleted, "the tab stays connected to its instance");

        await cluster.Redis.StartAgainAsync();
        await Eventually.TrueAsync(async () => await ReadyAsync(cluster.A.Url) == 200 && await b.ReadyStatusAsync() == 200, "both instances ready again");
        await DeliveredAsync(emitter, onB, user.Id, "after");

        // Presence came back without a heartbeat (the restarted Redis had lost it), so calls find the tab again.
        await Eventually.TrueAsync(async () => await cluster.Service<ISessionPresence>().GetUserIdAsync(onB.Sid) == user.Id, "presence rewritten");
        var call = await cluster.Service<IChatEventCaller>().CallAsync(
            new ChatEventTarget { UserId = user.Id, SessionId = onB.Sid, ChatId = "c", MessageId = "m" }, Status("call"));
        Assert.Equal("answered", (string?)call.Value);

        await cluster.Service<ITokenRevocations>().RevokeUserAsync(user.Id);
        Assert.Equal(SessionTerminator.Revoked, (string?)(await onB.NextAsync("error"))[1]!["reason"]);
        await onB.Disconnected.WaitAsync(SocketIOTab.Timeout);
    }

    // Emits until one arrives: the subscriptions of the other instance come back on their own, in their own time.
    private static async Task DeliveredAsync(IChatEventEmitter emitter, SocketIOTab tab, string userId, string label)
    {
        var sent = 0;
        await Eventually.TrueAsync(async () =>
        {
            await emitter.EmitAsync(Target(userId), Status($"{label}-{sent++}"), persist: false);
            try
            {
                var args = await tab.NextAsync("events", TimeSpan.FromMilliseconds(250));
                return ((string?)args[1]!["data"]!["data"]!["description"])!.StartsWith(label, StringComparison.Ordinal);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }, $"an emit from A reaches the tab on B ({label})");
    }

    private static ChatEventTarget Target(string userId) => new() { UserId = userId, ChatId = "local:c", MessageId = "m" };

    private static JsonObject Status(string description) => new() { ["type"] = "status", ["data"] = new JsonObject { ["description"] = description } };

    private static async Task<int> ReadyAsync(string url)
    {
        try
        {
            using var response = await Http.GetAsync(url + "/readyz");
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
