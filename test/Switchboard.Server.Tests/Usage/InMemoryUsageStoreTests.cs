using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Server.Configuration;
using Switchboard.Server.Usage;

namespace Switchboard.Server.Tests.Usage;

/// <summary>Models in use: one key per (model, socket) with its own expiry, no shared blob (G9).</summary>
public sealed class InMemoryUsageStoreTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    private InMemoryUsageStore Store() => new(_time, Options.Create(new SwitchboardOptions()));

    [Fact]
    public async Task GetModelIds_ReportedThenSilent_ExpiresAfterThreeSeconds()
    {
        var store = Store();
        await store.ReportAsync("m1", "s1");

        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Equal(["m1"], await store.GetModelIdsAsync());

        _time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.Empty(await store.GetModelIdsAsync());
    }

    [Fact]
    public async Task GetModelIds_OneSocketStillReporting_ModelStays()
    {
        var store = Store();
        await store.ReportAsync("m1", "s1");
        await store.ReportAsync("m1", "s2");
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await store.ReportAsync("m1", "s2");
        }

        Assert.Equal(["m1"], await store.GetModelIdsAsync());
    }

    [Fact]
    public async Task RemoveSocket_DropsOnlyThatSocketsKeys()
    {
        var store = Store();
        await store.ReportAsync("m1", "s1");
        await store.ReportAsync("m2", "s1");
        await store.ReportAsync("m2", "s2");

        await store.RemoveSocketAsync("s1");

        Assert.Equal(["m2"], await store.GetModelIdsAsync());
        Assert.Equal(1, store.Count);
    }

    [Fact]
    public async Task Sweep_ExpiredKeys_Removed()
    {
        var store = Store();
        await store.ReportAsync("m1", "s1");
        await store.ReportAsync("m2", "s2");
        _time.Advance(TimeSpan.FromSeconds(2));
        await store.ReportAsync("m2", "s2");
        _time.Advance(TimeSpan.FromSeconds(2));

        store.Sweep();

        Assert.Equal(1, store.Count);
        Assert.Equal(["m2"], await store.GetModelIdsAsync());
    }

    [Fact]
    public async Task Report_ConcurrentSockets_NoneLost()
    {
        var store = Store();

        await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => store.ReportAsync("m" + (i % 4), "s" + i)))).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(64, store.Count);
        Assert.Equal(["m0", "m1", "m2", "m3"], await store.GetModelIdsAsync());
    }
}
