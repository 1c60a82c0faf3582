using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Switchboard.Server.Chat;
using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.SocketIO.EngineIO;

namespace Switchboard.Server.Tests.Configuration;

/// <summary><c>Switchboard:WriteCoalescingDelay</c> reaches the Engine.IO transport, and events still arrive with the flush tick on.</summary>
public sealed class WriteCoalescingDelayTests
{
    [Fact]
    public async Task Start_WriteCoalescingDelaySet_EngineUsesItAndEventsReachEveryTab()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database, new Dictionary<string, string?> { ["Switchboard:WriteCoalescingDelay"] = "00:00:00.005" });
        Assert.Equal(TimeSpan.FromMilliseconds(5), host.Services.GetRequiredService<IOptions<EngineIOOptions>>().Value.WriteCoalescingDelay);

        var user = await Seed.UserAsync(host);
        var token = host.Tokens.CreateToken(user.Id);
        await using var first = await SocketIOTab.ConnectAsync(host.Url, token);
        await using var second = await SocketIOTab.ConnectAsync(host.Url, token);
        foreach (var tab in new[] { first, second })
        {
            await tab.CallAsync("user-join", new JsonObject { ["auth"] = new JsonObject { ["token"] = token } });
        }

        var emitter = host.Services.GetRequiredService<IChatEventEmitter>();
        var target = new ChatEventTarget { UserId = user.Id, ChatId = "local:coalescing", MessageId = "m1" };

        for (var i = 0; i < 3; i++)
        {
            await emitter.EmitAsync(target, new JsonObject { ["type"] = "status", ["data"] = new JsonObject { ["description"] = $"step {i}" } }).WaitAsync(SocketIOTab.Timeout);
        }

        foreach (var tab in new[] { first, second })
        {
            for (var i = 0; i < 3; i++)
            {
                var received = await tab.NextAsync("events");
                Assert.Equal($"step {i}", (string?)received[1]!["data"]!["data"]!["description"]);
            }
        }
    }
}
