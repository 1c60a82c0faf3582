using Microsoft.Extensions.Time.Testing;
using Switchboard.Server.Completions;

namespace Switchboard.Server.Tests.Completions;

/// <summary>The one timer that paces every echo reply: words never before they are due, at most one tick late.</summary>
public sealed class WordPacerTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5); // a quarter of the delay
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    [Fact]
    public void WaitForNextWord_EachWord_ReleasedAtItsDueTimeNotBefore()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pacer = new WordPacer(time);
        using var reply = pacer.Start(Delay, CancellationToken.None);
        var start = time.GetUtcNow();
        for (var word = 1; word <= 5; word++)
        {
            var wait = reply.WaitForNextWordAsync().AsTask();
            var due = start + (word * Delay);
            while (!wait.IsCompleted)
            {
                Assert.True(time.GetUtcNow() < due + Tick, $"word {word} not released by one tick after it was due");
                time.Advance(Step);
            }

            Assert.True(time.GetUtcNow() >= due, $"word {word} released at {time.GetUtcNow() - start}, before {due - start}");
            Assert.True(wait.IsCompletedSuccessfully);
        }
    }

    // Replies started at different moments share the timer; each keeps its own schedule.
    [Fact]
    public void WaitForNextWord_ManyRepliesOutOfPhase_EachReleasedOnItsOwnSchedule()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pacer = new WordPacer(time);
        var replies = new List<(PacedReply Reply, DateTimeOffset Start)>();
        for (var i = 0; i < 7; i++)
        {
            replies.Add((pacer.Start(Delay, CancellationToken.None), time.GetUtcNow()));
            time.Advance(TimeSpan.FromMilliseconds(3));
        }

        var words = new int[replies.Count];
        var waits = replies.Select(r => r.Reply.WaitForNextWordAsync().AsTask()).ToArray();
        for (var ms = 0; ms < 400; ms++)
        {
            time.Advance(Step);
            for (var i = 0; i < replies.Count; i++)
            {
                if (waits[i].IsCompleted)
                {
                    Assert.True(waits[i].IsCompletedSuccessfully);
                    words[i]++;
                    var due = replies[i].Start + (words[i] * Delay);
                    Assert.InRange(time.GetUtcNow(), due, due + Tick);
                    waits[i] = replies[i].Reply.WaitForNextWordAsync().AsTask();
                }
            }
        }

        Assert.All(words, count => Assert.InRange(count, 18, 21));
        replies.ForEach(r => r.Reply.Dispose());
    }

    [Fact]
    public async Task WaitForNextWord_Cancelled_FailsThePendingWait()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pacer = new WordPacer(time);
        using var cancel = new CancellationTokenSource();
        using var reply = pacer.Start(Delay, cancel.Token);
        var wait = reply.WaitForNextWordAsync().AsTask();
        Assert.False(wait.IsCompleted);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Throws<OperationCanceledException>(() => { reply.WaitForNextWordAsync().AsTask().Dispose(); });
        time.Advance(Delay * 2); // the stale entry is skipped
    }

    // A reply that fell behind (its consumer was slow) gets the words already due at once.
    [Fact]
    public void WaitForNextWord_AlreadyDue_CompletesAtOnce()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        using var pacer = new WordPacer(time);
        using var reply = pacer.Start(Delay, CancellationToken.None);
        time.Advance(Delay * 3);

        Assert.True(reply.WaitForNextWordAsync().AsTask().IsCompleted);
        Assert.True(reply.WaitForNextWordAsync().AsTask().IsCompleted);
        Assert.True(reply.WaitForNextWordAsync().AsTask().IsCompleted);
        Assert.False(reply.WaitForNextWordAsync().AsTask().IsCompleted);
    }
}
