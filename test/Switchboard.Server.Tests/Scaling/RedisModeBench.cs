using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Switchboard.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>
/// Issue 12's channel typing fanout with three Switchboard.Server processes on one Redis, per server CPU-second. Opt-in
/// (SWITCHBOARD_BENCH=1): <c>SWITCHBOARD_BENCH=1 dotnet test test/Switchboard.Server.Tests -c Release --filter
/// FullyQualifiedName~RedisModeBench --logger "console;verbosity=detailed"</c>. Instance A (the test process, which
/// seeds the database) is subscribed too and not counted; the tabs are this process and not counted either.
/// </summary>
public sealed class RedisModeBench(ITestOutputHelper output)
{
    private const int Tabs = 60;
    private const int Rounds = 500;

    [BenchFact]
    public async Task TypingFanout_ThreeInstances_DeliveriesPerServerCpuSecond()
    {
        await using var cluster = await RedisModeCluster.StartAsync(processes: 3);
        var creator = await Seed.UserAsync(cluster.A);
        var channel = await Seed.ChannelAsync(cluster.A, creator.Id);
        var tabs = new List<SocketIOTab>();
        try
        {
            for (var i = 0; i < Tabs; i++)
            {
                var user = await Seed.UserAsync(cluster.A);
                await Seed.MemberAsync(cluster.A, channel, user.Id);
                var tab = await RedisModeCluster.ConnectAsync(cluster.Processes[i % 3].Url, user.Id);
                await tab.CallAsync("user-join", new JsonObject { ["auth"] = new JsonObject { ["token"] = RedisModeCluster.Token(user.Id) } });
                tabs.Add(tab);
            }

            var received = new int[Tabs];
            var receiving = tabs.Select((tab, i) => Task.Run(async () =>
            {
                for (var n = 0; n < Rounds; n++)
                {
                    await tab.NextAsync("events:channel");
                    Volatile.Write(ref received[i], n + 1);
                }
            })).ToArray();
            var pids = cluster.Processes.Select(p => p.Id).ToArray();
            var cpuBefore = pids.Select(ProcessCpu.Of).ToArray();
            var redisBefore = ProcessCpu.Of(cluster.Redis.ProcessId);
            var clock = Stopwatch.StartNew();
            var typing = new JsonObject { ["channel_id"] = channel, ["message_id"] = null, ["data"] = new JsonObject { ["type"] = "typing", ["data"] = new JsonObject { ["typing"] = true } } };
            for (var n = 0; n < Rounds; n++)
            {
                if (n - received.Min() >= 20)
                {
                    await Eventually.TrueAsync(() => n - received.Min() < 10, "the tabs catch up");
                }

                await tabs[0].EmitAsync("events:channel", typing);
            }

            await Task.WhenAll(receiving).WaitAsync(TimeSpan.FromMinutes(5));
            var wall = clock.Elapsed;
            var cpu = pids.Select((pid, i) => ProcessCpu.Of(pid) - cpuBefore[i]).ToArray();
            var redisCpu = ProcessCpu.Of(cluster.Redis.ProcessId) - redisBefore;
            var deliveries = (double)Tabs * Rounds;
            var serverCpu = cpu.Sum(c => c.TotalSeconds);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"typing fanout, {Tabs} tabs over 3 instances, {Rounds} rounds: {deliveries:N0} deliveries in {wall.TotalSeconds:F2} s; " +
                $"server CPU {serverCpu:F2} s ({string.Join(" / ", cpu.Select(c => c.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)))}), Redis CPU {redisCpu.TotalSeconds:F2} s; " +
                $"{deliveries / serverCpu:N0} deliveries per server CPU-s, {deliveries / wall.TotalSeconds:N0} per wall-clock s"));
        }
        finally
        {
            foreach (var tab in tabs)
            {
                await tab.DisposeAsync();
            }
        }
    }
}
