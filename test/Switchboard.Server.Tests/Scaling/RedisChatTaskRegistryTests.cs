using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Switchboard.Server.Completions;
using Switchboard.Server.Configuration;
using Switchboard.Server.Scaling;

namespace Switchboard.Server.Tests.Scaling;

/// <summary>Tasks across instances (G25): a stop sent to one instance cancels the task running on another.</summary>
public sealed class RedisChatTaskRegistryTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IAsyncLifetime, IDisposable
{
    private readonly string _prefix = "tasks-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<RedisConnection> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _listeners = [];

    private RedisChatTaskRegistry Instance()
    {
        var options = Options.Create(new SwitchboardOptions { RedisUrl = redis.Server.Url, RedisKeyPrefix = _prefix });
        var connection = new RedisConnection(options, NullLogger<RedisConnection>.Instance);
        _connections.Add(connection);
        var registry = new RedisChatTaskRegistry(new InMemoryChatTaskRegistry(), connection, NullLogger<RedisChatTaskRegistry>.Instance);
        _listeners.Add(registry.ListenAsync(_stop.Token));
        return registry;
    }

    [RedisModeFact]
    public async Task Stop_OnAnotherInstance_CancelsTheRunningTask()
    {
        var runsIt = Instance();
        var elsewhere = Instance();
        var task = new ChatTask("task-1", "user-1", "chat-1", "message-1", DateTimeOffset.UtcNow);
        using var cancel = new CancellationTokenSource();
        await runsIt.AddAsync(task, cancel, CancellationToken.None);

        Assert.Equal(task, await elsewhere.GetAsync("task-1", CancellationToken.None));
        Assert.Equal([task], await elsewhere.ListByChatAsync("chat-1", CancellationToken.None));
        await Eventually.TrueAsync(async () => await elsewhere.StopAsync("task-1", CancellationToken.None), "the stop command is heard");
        await Eventually.TrueAsync(() => cancel.IsCancellationRequested, "the task on the other instance is cancelled");

        await runsIt.RemoveAsync("task-1", CancellationToken.None);
        Assert.Null(await elsewhere.GetAsync("task-1", CancellationToken.None));
        Assert.Empty(await elsewhere.ListByChatAsync("chat-1", CancellationToken.None));
        Assert.False(await elsewhere.StopAsync("task-1", CancellationToken.None));
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
}
