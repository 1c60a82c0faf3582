using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Switchboard.Server.Scaling;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>The lease loop under injected Redis errors at acquire, renew, scan and delete: it always goes on (G9).</summary>
public sealed class LeasedLoopTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch.AddDays(20000));
    private readonly FakeLeaseStore _store;

    public LeasedLoopTests() => _store = new FakeLeaseStore(_time);

    private LeasedLoop Loop(string owner, Func<CancellationToken, Task> work) =>
        new("lock", owner, Lease, Interval, _store, work, _time, NullLogger.Instance);

    private async Task TurnsAsync(LeasedLoop loop, int turns, TimeSpan step)
    {
        for (var i = 0; i < turns; i++)
        {
            await loop.StepAsync(CancellationToken.None);
            _time.Advance(step);
        }
    }

    [Fact]
    public async Task Step_AcquireFails_TriesAgainAndWorks()
    {
        var worked = 0;
        var loop = Loop("a", _ => { worked++; return Task.CompletedTask; });
        _store.FailAcquire = 3;

        await TurnsAsync(loop, 5, Interval);

        Assert.Equal(3, loop.Failures);
        Assert.True(loop.IsHolder);
        Assert.Equal(2, worked);
    }

    [Fact]
    public async Task Step_RenewFails_KeepsWorkingWithinTheLeaseThenRenews()
    {
        var loop = Loop("a", _ => Task.CompletedTask);
        await TurnsAsync(loop, 1, Lease / 3);
        _store.FailRenew = 2;

        await TurnsAsync(loop, 3, Lease / 6);

        Assert.Equal(2, loop.Failures);
        Assert.True(loop.IsHolder);
        Assert.Equal("a", _store.Holder("lock"));
    }

    [Fact]
    public async Task Step_RenewFailsForAWholeLease_StopsWorkingUntilItHoldsTheLeaseAgain()
    {
        var worked = 0;
        var loop = Loop("a", _ => { worked++; return Task.CompletedTask; });
        await TurnsAsync(loop, 1, Lease / 3);
        _store.FailRenew = int.MaxValue;
        _store.FailAcquire = int.MaxValue;

        await TurnsAsync(loop, 3, Lease / 3);
        Assert.False(loop.IsHolder);
        var workedBefore = worked;
        await TurnsAsync(loop, 3, Lease / 3);
        Assert.Equal(workedBefore, worked);
        _store.FailRenew = 0;
        _store.FailAcquire = 0;
        await TurnsAsync(loop, 2, Interval);

        Assert.True(loop.IsHolder);
        Assert.Equal(workedBefore + 2, worked);
    }

    [Theory]
    [InlineData("scan")]
    [InlineData("delete")]
    public async Task Step_WorkFails_GoesOnAndWorksNextTime(string stage)
    {
        var calls = 0;
        var done = 0;
        var loop = Loop("a", _ =>
        {
            calls++;
            if (calls <= 2)
            {
                throw stage == "scan"
                    ? FakeLeaseStore.Injected("injected: scan")
                    : FakeLeaseStore.Injected("injected: delete");
            }

            done++;
            return Task.CompletedTask;
        });

        await TurnsAsync(loop, 4, Interval);

        Assert.Equal(2, loop.Failures);
        Assert.Equal(2, done);
        Assert.Equal(2, loop.Passes);
    }

    [Fact]
    public async Task Step_HolderDies_AnotherTakesOverWithinOneLease()
    {
        var a = Loop("a", _ => Task.CompletedTask);
        var bWorked = 0;
        var b = Loop("b", _ => { bWorked++; return Task.CompletedTask; });
        await a.StepAsync(CancellationToken.None);
        await b.StepAsync(CancellationToken.None);
        Assert.Equal("a", _store.Holder("lock"));
        Assert.Equal(0, bWorked);

        // A dies (no more turns, no release). B keeps trying every third of a lease.
        var waited = TimeSpan.Zero;
        while (!b.IsHolder)
        {
            _time.Advance(Lease / 3);
            waited += Lease / 3;
            await b.StepAsync(CancellationToken.None);
        }

        Assert.True(waited <= Lease + (Lease / 3), $"took over after {waited}");
        Assert.Equal("b", _store.Holder("lock"));
        Assert.Equal(1, bWorked);
    }

    [Fact]
    public async Task Run_ErrorsAtEveryStage_LoopKeepsRunningUntilStopped()
    {
        var passes = 0;
        var fail = 2;
        var loop = Loop("a", _ =>
        {
            if (fail-- > 0)
            {
                throw FakeLeaseStore.Injected("injected: work");
            }

            Interlocked.Increment(ref passes);
            return Task.CompletedTask;
        });
        _store.FailAcquire = 2;
        using var stop = new CancellationTokenSource();

        var running = loop.RunAsync(stop.Token);
        await Eventually.TrueAsync(() =>
        {
            _time.Advance(Interval);
            return Volatile.Read(ref passes) >= 3;
        }, "the loop works after its errors");
        Assert.False(running.IsCompleted);
        await stop.CancelAsync();
        await running.WaitAsync(Eventually.Timeout);

        Assert.Equal(4, loop.Failures);
        Assert.Null(_store.Holder("lock"));
    }
}
