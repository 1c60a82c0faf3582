using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Server.Configuration;
using Switchboard.Server.Sessions;
using Switchboard.Server.Storage;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Sessions;

/// <summary>Heartbeats write <c>last_active_at</c> at most once per user per interval, however many tabs (G8).</summary>
public sealed class PresenceWriterTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task Touch_ManyTabs_OneWritePerInterval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1));
        var connections = fixture.Host.Services.GetRequiredService<DbConnections>();
        var writer = new PresenceWriter(connections, time, Options.Create(new SwitchboardOptions { ActiveStatusUpdateInterval = TimeSpan.FromSeconds(60) }));
        var user = await Seed.UserAsync(fixture.Host);

        var writes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => writer.TouchAsync(user.Id, CancellationToken.None))).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, writes.Count(w => w));
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds(), await LastActiveAsync(user.Id));

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.False(await writer.TouchAsync(user.Id, CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await writer.TouchAsync(user.Id, CancellationToken.None));
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds(), await LastActiveAsync(user.Id));
    }

    private async Task<long?> LastActiveAsync(string userId)
    {
        await using var db = await fixture.Host.DbAsync();
        return await db.Users.Where(u => u.Id == userId).Select(u => u.LastActiveAt).SingleAsync();
    }
}
