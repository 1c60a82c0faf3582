using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using Switchboard.Server.Completions;
using Switchboard.Server.Configuration;
using Switchboard.Server.Scaling;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>Tasks across instances (G25): a stop sent to one instance cancels the task running on another; the per-user count sees every instance.</summary>
public sealed class RedisChatTaskRegistryTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime, IDisposable
{
    private readonly string _prefix = "tasks-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<RedisConnection> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _listeners = [];

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);

    private RedisChatTaskRegistry Instance(bool renews = false)
    {
        var options = Options.Create(new SwitchboardOptions { RedisUrl = redis.Server.Url, RedisKeyPrefix = _prefix });
        var connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        _connections.Add(connection);
        var registry = new RedisChatTaskRegistry(new InMemoryChatTaskRegistry(), connection, _time, NullLogger<RedisChatTaskRegistry>.Instance);
        _listeners.Add(registry.ListenAsync(_stop.Token));
        if (renews)
        {
            _listeners.Add(registry.RenewSlotsAsync(_stop.Token));
        }

        return registry;
    }

    [RedisModeFact]
    public async Task Stop_OnAnotherInstance_CancelsTheRunningTask()
    {
        var runsIt = Instance();
        var elsewhere = Instance();
        var task = new ChatTask("task-1", "user-1", "chat-1", "message-1", DateTimeOffset.UtcNow);
        using var cancel = new CancellationTokenSource();
        await runsIt.TryAddAsync(task, cancel, int.MaxValue, CancellationToken.None);

        Assert.Equal(task, await elsewhere.GetAsync("task-1", CancellationToken.None));
        Assert.Equal([task], await elsewhere.ListByChatAsync("chat-1", CancellationToken.None));
        await Eventually.TrueAsync(async () => await elsewhere.StopAsync("task-1", CancellationToken.None), "the stop command is heard");
        await Eventually.TrueAsync(() => cancel.IsCancellationRequested, "the task on the other instance is cancelled");

        await runsIt.RemoveAsync("task-1", CancellationToken.None);
        Assert.Null(await elsewhere.GetAsync("task-1", CancellationToken.None));
        Assert.Empty(await elsewhere.ListByChatAsync("chat-1", CancellationToken.None));
        Assert.False(await elsewhere.StopAsync("task-1", CancellationToken.None));
    }

    [RedisModeFact]
    public async Task CountByUser_TasksOnEveryInstance_CountedAndADeadInstancesSlotsLapse()
    {
        var alive = Instance(renews: true);
        var dies = Instance(); // never renews: as an instance that was killed
        var elsewhere = Instance();
        using var cancel = new CancellationTokenSource();
        await alive.TryAddAsync(new ChatTask("t-alive", "user-1", "chat-1", "m1", _time.GetUtcNow()), cancel, int.MaxValue, CancellationToken.None);
        await dies.TryAddAsync(new ChatTask("t-dead", "user-1", "chat-2", "m1", _time.GetUtcNow()), cancel, int.MaxValue, CancellationToken.None);
        await alive.TryAddAsync(new ChatTask("t-other", "user-2", "chat-3", "m1", _time.GetUtcNow()), cancel, int.MaxValue, CancellationToken.None);

        Assert.Equal(2, await elsewhere.CountByUserAsync("user-1", CancellationToken.None));
        Assert.Equal(1, await elsewhere.CountByUserAsync("user-2", CancellationToken.None));

        // Past the lease, only the slots their instance renewed remain.
        await using var redisClient = await ConnectionMultiplexer.ConnectAsync(redis.Server.Url.Replace("redis://", "", StringComparison.Ordinal));
        var key = new RedisKeys(_prefix).UserTasks("user-1");
        var first = await redisClient.GetDatabase().SortedSetScoreAsync(key, "t-alive");
        for (var i = 0; i < 4; i++)
        {
            var before = await redisClient.GetDatabase().SortedSetScoreAsync(key, "t-alive");
            _time.Advance(RedisChatTaskRegistry.SlotLease / 3);
            await Eventually.TrueAsync(async () => await redisClient.GetDatabase().SortedSetScoreAsync(key, "t-alive") > before, "the living instance renews its slot");
        }

        Assert.True(await redisClient.GetDatabase().SortedSetScoreAsync(key, "t-alive") > first);
        Assert.Equal(1, await elsewhere.CountByUserAsync("user-1", CancellationToken.None));
        await alive.RemoveAsync("t-alive", CancellationToken.None);
        Assert.Equal(0, await elsewhere.CountByUserAsync("user-1", CancellationToken.None));
    }

    [RedisModeFact]
    public async Task TryAdd_ManyAtOnceOnThreeInstances_ExactlyTheLimitTaken()
    {
        RedisChatTaskRegistry[] instances = [Instance(), Instance(), Instance()];
        using var cancel = new CancellationTokenSource();
        var attempts = Enumerable.Range(0, 30).Select(i => Task.Run(() => instances[i % 3].TryAddAsync(
            new ChatTask($"t-{i}", "user-1", $"chat-{i}", "m1", _time.GetUtcNow()), cancel, 2, CancellationToken.None)));
        var taken = await Task.WhenAll(attempts).WaitAsync(Eventually.Timeout);

        Assert.Equal(2, taken.Count(t => t));
        Assert.Equal(2, await instances[0].CountByUserAsync("user-1", CancellationToken.None));
        // A refused task left nothing behind: it is not listed or counted anywhere.
        var refused = Enumerable.Range(0, 30).First(i => !taken[i]);
        Assert.Null(await instances[1].GetAsync($"t-{refused}", CancellationToken.None));
        Assert.Empty(await instances[2].ListByChatAsync($"chat-{refused}", CancellationToken.None));

        // A slot freed by an ended task can be taken again, from any instance.
        var ended = Enumerable.Range(0, 30).First(i => taken[i]);
        await instances[ended % 3].RemoveAsync($"t-{ended}", CancellationToken.None);
        Assert.True(await instances[(ended + 1) % 3].TryAddAsync(new ChatTask("t-next", "user-1", "chat-next", "m1", _time.GetUtcNow()), cancel, 2, CancellationToken.None));
        Assert.False(await instances[(ended + 2) % 3].TryAddAsync(new ChatTask("t-over", "user-1", "chat-over", "m1", _time.GetUtcNow()), cancel, 2, CancellationToken.None));
    }

    [Fact]
    public async Task Listen_StoppedBeforeItStarts_EndsQuietly()
    {
        await using var connection = new RedisConnection(Options.Create(new SwitchboardOptions { RedisUrl = "redis://127.0.0.1:1", RedisKeyPrefix = _prefix }), NullLogger<RedisConnection>.Instance);
        var registry = new RedisChatTaskRegistry(new InMemoryChatTaskRegistry(), connection, _time, NullLogger<RedisChatTaskRegistry>.Instance);

        await registry.ListenAsync(new CancellationToken(canceled: true)).WaitAsync(Eventually.Timeout);
    }

    [Fact]
    public async Task Listen_StoppedWhileRetryingAnUnreachableRedis_EndsQuietly()
    {
        var logger = new FirstLog();
        await using var connection = new RedisConnection(Options.Create(new SwitchboardOptions { RedisUrl = "redis://127.0.0.1:1", RedisKeyPrefix = _prefix }), NullLogger<RedisConnection>.Instance);
        var registry = new RedisChatTaskRegistry(new InMemoryChatTaskRegistry(), connection, _time, logger);
        using var stop = new CancellationTokenSource();
        var listening = registry.ListenAsync(stop.Token);

        await logger.Logged.WaitAsync(Eventually.Timeout); // the first subscribe failed; it waits to retry
        await stop.CancelAsync();

        await listening.WaitAsync(Eventually.Timeout);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_listeners).WaitAsync(Eventually.Timeout);
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }

    public void Dispose() => _stop.Dispose();

    // Completes on the first warning or worse.
    private sealed class FirstLog : ILogger<RedisChatTaskRegistry>
    {
        private readonly TaskCompletionSource _logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Logged => _logged.Task;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning)
            {
                _logged.TrySetResult();
            }
        }
    }
}
