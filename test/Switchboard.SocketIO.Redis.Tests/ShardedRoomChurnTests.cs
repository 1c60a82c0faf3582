using StackExchange.Redis;

namespace Switchboard.SocketIO.Redis.Tests;

/// <summary>
/// Sharded form, dynamic subscriptions: a room that empties and fills again, over and over (SUNSUBSCRIBE then SSUBSCRIBE
/// of the same channel, sometimes several in a row before the first is confirmed), must end subscribed, and a broadcast
/// from the other server must arrive. Run through both subscription paths: once, under load, the StackExchange.Redis
/// path was seen to lose such a room's subscription.
/// </summary>
public sealed class ShardedRoomChurnTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [RedisTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task RoomEmptiesAndRefills_Repeatedly_StaysSubscribed(bool dedicated)
    {
        var prefix = RedisEnvironment.UniquePrefix();
        await using var clients = await NodeSide.StartAsync(RedisEnvironment.Url, "clients", prefix);
        await using var s0 = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, prefix, sharded: true, dedicated);
        await using var s1 = await SwitchboardInstance.StartAsync(RedisEnvironment.Url, prefix, sharded: true, dedicated);
        var c = await clients.ConnectAsync("C", s1.Url, "home");
        await Eventually.TrueAsync(async () => await s0.Server.Sockets.Adapter.ServerCountAsync(CancellationToken.None) == 2, "two servers");
        var uri = new Uri(RedisEnvironment.Url);
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{uri.Host}:{uri.Port}");
        var roomChannel = prefix + "#/#r#";

        for (var i = 0; i < 30; i++)
        {
            // Empty and refill the room: once, or several times without waiting (i % 3 extra rounds).
            for (var k = 0; k <= i % 3; k++)
            {
                await s1.Server.In(c).SocketsJoinAsync("r").WaitAsync(Timeout);
                await s1.Server.In(c).SocketsLeaveAsync("r").WaitAsync(Timeout);
            }

            await s1.Server.In(c).SocketsJoinAsync("r").WaitAsync(Timeout);

            // Until the room's subscription holds, a broadcast may go unheard; once it does, every one must arrive.
            var name = "ping" + i;
            using var stop = new CancellationTokenSource();
            var arrived = clients.WaitForEventAsync("C", name);
            var sending = Task.Run(
                async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await s0.Server.To("r").EmitAsync(name);
                        await Task.Delay(50, CancellationToken.None);
                    }
                },
                CancellationToken.None);
            try
            {
                await arrived.WaitAsync(Timeout);
            }
            finally
            {
                await stop.CancelAsync();
                await sending.WaitAsync(Timeout);
            }

            await Eventually.TrueAsync(
                async () => await ShardNumSubAsync(redis, roomChannel) == 1,
                $"round {i}: the room's channel subscribed once");
        }

        // The last state holds: subscribed, and still so after the loop had time to act on anything left.
        await s1.Server.In(c).SocketsLeaveAsync("r").WaitAsync(Timeout);
        await Eventually.TrueAsync(async () => await ShardNumSubAsync(redis, roomChannel) == 0, "unsubscribed once the room is empty");
        await s1.Server.In(c).SocketsJoinAsync("r").WaitAsync(Timeout);
        await Eventually.TrueAsync(async () => await ShardNumSubAsync(redis, roomChannel) == 1, "subscribed again");
        await s0.Server.To("r").EmitAsync("last");
        await clients.WaitForEventAsync("C", "last").WaitAsync(Timeout);
    }

    private static async Task<long> ShardNumSubAsync(ConnectionMultiplexer redis, string channel)
    {
        var result = (RedisResult[])(await redis.GetDatabase().ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel))!;
        return (long)result[1];
    }
}
