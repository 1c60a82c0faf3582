using Switchboard.Server.Completions;

namespace Switchboard.Server.Tests.Completions;

/// <summary>The per-user limit of running replies on one instance: the check and the add are one step.</summary>
public sealed class InMemoryChatTaskRegistryTests
{
    [Fact]
    public async Task TryAdd_ManyAtOnce_ExactlyTheLimitTakenAndOtherUsersUnaffected()
    {
        var registry = new InMemoryChatTaskRegistry();
        using var cancel = new CancellationTokenSource();
        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            start.Wait();
            return registry.TryAddAsync(new ChatTask($"t-{i}", "user-1", "chat-1", $"m-{i}", DateTimeOffset.UtcNow), cancel, 3, CancellationToken.None);
        })).ToList();
        start.Set();
        var taken = await Task.WhenAll(attempts).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, taken.Count(t => t));
        Assert.Equal(3, await registry.CountByUserAsync("user-1", CancellationToken.None));
        Assert.Equal(3, registry.Running.Count);
        Assert.True(await registry.TryAddAsync(new ChatTask("t-other", "user-2", "chat-2", "m", DateTimeOffset.UtcNow), cancel, 3, CancellationToken.None));

        var first = Enumerable.Range(0, 64).First(i => taken[i]);
        await registry.RemoveAsync($"t-{first}", CancellationToken.None);
        Assert.True(await registry.TryAddAsync(new ChatTask("t-again", "user-1", "chat-1", "m", DateTimeOffset.UtcNow), cancel, 3, CancellationToken.None));
        Assert.False(await registry.TryAddAsync(new ChatTask("t-over", "user-1", "chat-1", "m", DateTimeOffset.UtcNow), cancel, 3, CancellationToken.None));
    }
}
