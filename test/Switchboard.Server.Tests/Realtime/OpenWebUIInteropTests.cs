using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Auth;
using Switchboard.Server.Chat;
using Switchboard.Server.Realtime;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Realtime;

/// <summary>
/// The contract's events walked by the real npm socket.io-client with the frontend's options, several users and tabs
/// each (test/interop/openwebui-scenarios.mjs). Every scenario makes fresh users, so revocations stay local to it.
/// </summary>
public sealed class OpenWebUIInteropTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private ServerHost Host => fixture.Host;

    [Fact]
    public async Task Anonymous_EveryEventRefusedUntilUserJoin()
    {
        var setup = await SetupAsync();
        await ScenarioRunner.RunAsync(Host, "anonymous", setup);
    }

    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task Tabs_EventsReachEveryTabOfTheUserOnly(string transport)
    {
        var setup = await SetupAsync();
        var emitter = Host.Services.GetRequiredService<IChatEventEmitter>();
        await ScenarioRunner.RunAsync(Host, "tabs", setup, async (ask, _) =>
        {
            var (user, message) = ask == "emit-to-a" ? ("a", "m1") : ("b", "for-b");
            var target = new ChatEventTarget { UserId = Id(setup, user), ChatId = (string?)setup["chat"], MessageId = message };
            await emitter.EmitAsync(target, new JsonObject { ["type"] = "status", ["data"] = new JsonObject { ["description"] = "Searching" } });
            return null;
        }, transport);
    }

    [Fact]
    public async Task Channels_TypingMembershipAndLastRead()
    {
        var setup = await SetupAsync();
        await ScenarioRunner.RunAsync(Host, "channels", setup, async (ask, data) =>
        {
            var user = (string)data!["user"]!;
            if (ask == "new-channel")
            {
                return new JsonObject { ["id"] = await Seed.ChannelAsync(Host, user) };
            }

            await using var db = await Host.DbAsync();
            var row = await db.ChannelMembers.SingleAsync(m => m.ChannelId == (string)setup["channel"]! && m.UserId == user);
            return new JsonObject { ["lastReadAt"] = row.LastReadAt };
        });
    }

    [Fact]
    public async Task Chat_LastReadAtAnswersChatList()
    {
        var setup = await SetupAsync();
        await ScenarioRunner.RunAsync(Host, "chat", setup);
    }

    [Fact]
    public async Task Usage_ModelsExpireWhenNoTabReportsThem()
    {
        var setup = await SetupAsync();
        await ScenarioRunner.RunAsync(Host, "usage", setup);
    }

    [Fact]
    public async Task Calls_AnsweredTimedOutRefusedAndStreamStored()
    {
        var setup = await SetupAsync();
        var caller = Host.Services.GetRequiredService<IChatEventCaller>();
        var emitter = Host.Services.GetRequiredService<IChatEventEmitter>();
        var userId = Id(setup, "a");
        var chatId = (string)setup["chat"]!;
        await ScenarioRunner.RunAsync(Host, "calls", setup, async (ask, data) =>
        {
            if (ask == "call")
            {
                var target = new ChatEventTarget { UserId = userId, ChatId = chatId, MessageId = "a1", SessionId = (string)data!["sid"]! };
                var eventData = new JsonObject { ["type"] = data["type"]!.DeepClone(), ["data"] = data["data"]!.DeepClone() };
                TimeSpan? timeout = data["timeoutMs"] is { } ms ? TimeSpan.FromMilliseconds((double)ms) : null;
                var result = await caller.CallAsync(target, eventData, timeout);
                return result.Succeeded ? new JsonObject { ["value"] = result.Value?.DeepClone() } : new JsonObject { ["error"] = result.Error };
            }

            var stream = new ChatEventTarget { UserId = userId, ChatId = chatId, MessageId = "a1" };
            foreach (var delta in data!["deltas"]!.AsArray())
            {
                await emitter.EmitAsync(stream, new JsonObject { ["type"] = "message", ["data"] = new JsonObject { ["content"] = delta!.DeepClone() } });
            }

            await emitter.EmitAsync(stream, new JsonObject { ["type"] = "chat:completion", ["data"] = new JsonObject { ["done"] = true } });
            await using var db = await Host.DbAsync();
            var chat = JsonNode.Parse((await db.Chats.SingleAsync(c => c.Id == chatId)).Chat!)!;
            return new JsonObject { ["content"] = chat["history"]!["messages"]!["a1"]!["content"]!.DeepClone() };
        });
    }

    [Fact]
    public async Task Direct_ChannelBoundToItsSocketAndDeadline()
    {
        var setup = await SetupAsync();
        var channels = Host.Services.GetRequiredService<DirectChannels>();
        Task<List<string>>? reading = null;
        await ScenarioRunner.RunAsync(Host, "direct", setup, async (ask, data) =>
        {
            switch (ask)
            {
                case "open-direct":
                    var channel = channels.Open(Id(setup, "a"), (string)data!["sid"]!, TimeSpan.FromSeconds(60))!;
                    reading = ReadAllAsync(channel);
                    return new JsonObject { ["channel"] = channel.Name };
                case "read-direct":
                    var items = await reading!;
                    return new JsonObject { ["items"] = new JsonArray([.. items.Select(i => JsonValue.Create(i))]), ["open"] = channels.Count };
                default:
                    await using (var shortLived = channels.Open(Id(setup, "a"), (string)data!["sid"]!, TimeSpan.FromMilliseconds(500))!)
                    {
                        try
                        {
                            await ReadAllAsync(shortLived);
                            return new JsonObject { ["error"] = "none" };
                        }
                        catch (TimeoutException)
                        {
                            return new JsonObject { ["error"] = "timeout", ["open"] = channels.Count };
                        }
                    }
            }
        });

        static async Task<List<string>> ReadAllAsync(DirectChannel channel)
        {
            var items = new List<string>();
            await foreach (var item in channel.ReadAllAsync())
            {
                items.Add(DirectChannel.ToServerSentEvent(item));
            }

            return items;
        }
    }

    [Fact]
    public async Task Expiry_HeartbeatDisconnectsAnExpiredToken()
    {
        var setup = await SetupAsync();
        var user = await Seed.UserAsync(Host);
        setup["shortLived"] = new JsonObject
        {
            ["id"] = user.Id,
            ["name"] = user.Name,
            ["token"] = Host.Tokens.CreateToken(user.Id, TimeSpan.FromSeconds(6)),
        };
        await ScenarioRunner.RunAsync(Host, "expiry", setup);
    }

    [Fact]
    public async Task Revocation_DisconnectsTheTokensSocketsHereAndFromElsewhere()
    {
        var setup = await SetupAsync();
        var userId = Id(setup, "a");
        var token = Host.Tokens.CreateToken(userId);
        Assert.True(JwtToken.TryValidate(token, "test-secret-key"u8, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), out var claims, out _));
        setup["revocable"] = token;
        setup["revocableJti"] = claims.TokenId;
        var revocations = Host.Services.GetRequiredService<ITokenRevocations>();
        await ScenarioRunner.RunAsync(Host, "revocation", setup, async (ask, data) =>
        {
            if (ask == "revoke-token")
            {
                await revocations.RevokeTokenAsync((string)data!["jti"]!, userId, null);
                return null;
            }

            // What another instance does: a row in the shared database, which this instance's monitor finds.
            await using var db = await Host.DbAsync();
            var now = DateTimeOffset.UtcNow;
            db.UserRevocations.Add(new UserRevocationRow { UserId = userId, RevokedAt = now.ToUnixTimeSeconds(), RecordedAt = now.ToUnixTimeMilliseconds() });
            await db.SaveChangesAsync();
            return null;
        });
    }

    [Fact]
    public async Task Hub_RoomsChannelEventsAndSignOutFromTheHttpSide()
    {
        var setup = await SetupAsync();
        var hub = Host.Services.GetRequiredService<IRealtimeHub>();
        await ScenarioRunner.RunAsync(Host, "hub", setup, async (ask, data) =>
        {
            switch (ask)
            {
                case "dm-created":
                    var users = data!["users"]!.AsArray().Select(u => (string)u!).ToList();
                    var channel = await Seed.ChannelAsync(Host, users[0], "dm");
                    await hub.EmitToUsersAsync("events:channel", new { data = new { type = "channel:created" } }, users);
                    await hub.EnterRoomForUsersAsync(Rooms.Channel(channel), users);
                    return new JsonObject { ["channel"] = channel };
                case "users-in-room":
                    return new JsonObject { ["users"] = new JsonArray([.. (await hub.GetUserIdsInRoomAsync((string)data!["room"]!)).Select(u => JsonValue.Create(u))]) };
                case "message-posted":
                    var channelId = (string)data!["channel"]!;
                    var user = new UserIdentity { Id = (string)data["user"]!, Name = "B", Role = "user" };
                    await hub.EmitChannelEventAsync(channelId, "msg-1", "message", new JsonObject { ["id"] = "msg-1", ["content"] = "hello" }, user, new JsonObject { ["id"] = channelId });
                    return null;
                default:
                    await hub.DisconnectUserAsync((string)data!["user"]!);
                    return null;
            }
        });
    }

    [Fact]
    public async Task Refused_WithAnonymousConnectionsOff_ConnectError()
    {
        await using var database = await TestDatabase.CreateAsync(Switchboard.Server.Configuration.DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database, new Dictionary<string, string?> { ["Switchboard:AllowAnonymousConnections"] = "false" });
        var user = await Seed.UserAsync(host);
        var setup = new JsonObject { ["a"] = new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["token"] = host.Tokens.CreateToken(user.Id) } };
        await ScenarioRunner.RunAsync(host, "refused", setup);
    }

    private static string Id(JsonObject setup, string user) => (string)setup[user]!["id"]!;

    // Users a, b, c; a standard channel a created (a a member row too), readable by b through a grant; a chat of a.
    private async Task<JsonObject> SetupAsync()
    {
        var setup = new JsonObject();
        foreach (var name in new[] { "a", "b", "c" })
        {
            var user = await Seed.UserAsync(Host);
            setup[name] = new JsonObject { ["id"] = user.Id, ["name"] = user.Name, ["token"] = Host.Tokens.CreateToken(user.Id) };
        }

        var a = Id(setup, "a");
        var channel = await Seed.ChannelAsync(Host, a);
        await Seed.MemberAsync(Host, channel, a);
        await Seed.GrantAsync(Host, "channel", channel, "user", Id(setup, "b"), "read");
        setup["channel"] = channel;
        var chatId = Seed.NewId();
        await using (var db = await Host.DbAsync())
        {
            db.Chats.Add(new ChatRow
            {
                Id = chatId, UserId = a, Title = "t", CreatedAt = 1, UpdatedAt = 1,
                Chat = """{"history":{"currentId":"a1","messages":{"a1":{"id":"a1","role":"assistant","content":""}}}}""",
            });
            await db.SaveChangesAsync();
        }

        setup["chat"] = chatId;
        return setup;
    }
}
