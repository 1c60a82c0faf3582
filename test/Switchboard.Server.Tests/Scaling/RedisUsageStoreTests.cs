using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Switchboard.Server.Configuration;
using Switchboard.Server.Scaling;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>Usage in Open WebUI's <c>usage_pool</c> layout, changed only by scripts (G9), on a real redis-server.</summary>
public sealed class RedisUsageStoreTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly string _prefix = "usage-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<RedisConnection> _connections = [];

    private RedisUsageStore NewInstance()
    {
        var options = Options.Create(new SwitchboardOptions { RedisUrl = redis.Server.Url, RedisKeyPrefix = _prefix, UsageExpiry = TimeSpan.FromSeconds(3) });
        var connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        _connections.Add(connection);
        return new RedisUsageStore(connection, _time, options);
    }

    private async Task<JsonObject> EntryAsync(string model)
    {
        var db = await _connections[0].GetDatabaseAsync();
        var raw = await db.HashGetAsync(_prefix + ":usage_pool", model);
        return raw.IsNullOrEmpty ? [] : JsonNode.Parse((string)raw!)!.AsObject();
    }

    [RedisModeFact]
    public async Task Report_ThreeInstancesAtOnce_NoReportLost()
    {
        var instances = new[] { NewInstance(), NewInstance(), NewInstance() };

        await Task.WhenAll(instances.SelectMany((store, i) => Enumerable.Range(0, 40).Select(s => store.ReportAsync("gpt", $"sid-{i}-{s}"))));

        var entry = await EntryAsync("gpt");
        Assert.Equal(120, entry.Count);
        Assert.All(entry, e => Assert.True((double)e.Value!["updated_at"]! > 1e9));
        Assert.Equal(["gpt"], await instances[1].GetModelIdsAsync());
    }

    [RedisModeFact]
    public async Task GetModelIds_ExpiredSockets_NotCountedEvenBeforeTheSweep()
    {
        var store = NewInstance();
        await store.ReportAsync("old", "s1");
        _time.Advance(TimeSpan.FromSeconds(2));
        await store.ReportAsync("new", "s2");
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(["new"], await store.GetModelIdsAsync());
    }

    [RedisModeFact]
    public async Task Sweep_ExpiredSockets_DroppedAndEmptyModelsDeleted()
    {
        var store = NewInstance();
        await store.ReportAsync("m1", "dead");
        await store.ReportAsync("m2", "dead");
        _time.Advance(TimeSpan.FromSeconds(2));
        await store.ReportAsync("m2", "alive");
        _time.Advance(TimeSpan.FromSeconds(2));

        var dropped = await store.SweepAsync(CancellationToken.None);

        Assert.Equal(2, dropped);
        Assert.Empty(await EntryAsync("m1"));
        Assert.Equal(["alive"], (await EntryAsync("m2")).Select(e => e.Key));
    }

    [RedisModeFact]
    public async Task RemoveSocket_LastSocketOfAModel_ModelGoneOthersKept()
    {
        var store = NewInstance();
        await store.ReportAsync("m1", "s1");
        await store.ReportAsync("m2", "s1");
        await store.ReportAsync("m2", "s2");

        await store.RemoveSocketAsync("s1");

        Assert.Empty(await EntryAsync("m1"));
        Assert.Equal(["s2"], (await EntryAsync("m2")).Select(e => e.Key));
    }

    [RedisModeFact]
    public async Task Report_ForeignValueInThePool_Replaced()
    {
        var store = NewInstance();
        var db = await _connections[0].GetDatabaseAsync();
        await db.HashSetAsync(_prefix + ":usage_pool", "m1", "not json");

        await store.ReportAsync("m1", "s1");

        Assert.Equal(["s1"], (await EntryAsync("m1")).Select(e => e.Key));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
