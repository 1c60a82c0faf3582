using System.Text.Json;
using System.Threading.Channels;
using StackExchange.Redis;
using Switchboard.Server.Completions;

namespace Switchboard.Server.Scaling;

/// <summary>
/// The task registry across instances (G25): tasks run and are cancelled where they started (the local registry), and
/// are indexed in Open WebUI's keys (<c>{prefix}:tasks</c> task → chat, <c>{prefix}:tasks:item:{chat}</c>) with the
/// task itself in <c>{prefix}:switchboard:task:{id}</c> (expiring, so a dead instance's tasks go); a stop for a task of
/// another instance is published on Open WebUI's <c>{prefix}:tasks:commands</c> (<c>{"action":"stop","task_id"}</c>),
/// which every instance listens to (<see cref="ListenAsync"/>), on the same Redis as the sockets (G25's split fixed).
/// The per-user limit counts the user's tasks on every instance (<see cref="RedisKeys.UserTasks"/>): each holds a slot
/// for <see cref="SlotLease"/>, renewed by its instance (<see cref="RenewSlotsAsync"/>), so the slots of an instance
/// that died lapse on their own. A slot is taken by one script that drops lapsed slots, counts and adds, so two requests
/// on two instances at the same instant cannot both pass the limit. Redis failures are logged and the registry answers
/// for this instance's tasks.
/// </summary>
internal sealed partial class RedisChatTaskRegistry(
    InMemoryChatTaskRegistry local,
    RedisConnection redis,
    TimeProvider time,
    ILogger<RedisChatTaskRegistry> logger) : IChatTaskRegistry
{
    private static readonly TimeSpan TaskLifetime = TimeSpan.FromHours(6);

    /// <summary>A running reply holds a slot of its user's limit this long unless its instance renews it (every third).</summary>
    public static readonly TimeSpan SlotLease = TimeSpan.FromSeconds(60);

    private long SlotDeadline => time.GetUtcNow().Add(SlotLease).ToUnixTimeMilliseconds();

    private string TasksKey => redis.Keys.Prefix + ":tasks";

    private string ItemKey(string chatId) => $"{redis.Keys.Prefix}:tasks:item:{chatId}";

    private string TaskKey(string taskId) => $"{redis.Keys.Prefix}:switchboard:task:{taskId}";

    private string CommandChannel => redis.Keys.Prefix + ":tasks:commands";

    public async Task<bool> TryAddAsync(ChatTask task, CancellationTokenSource cancel, int maxPerUser, CancellationToken cancellationToken)
    {
        if (!await local.TryAddAsync(task, cancel, maxPerUser, cancellationToken))
        {
            return false;
        }

        var taken = true;
        await TryAsync("taking a task slot of user", task.UserId, async db => taken = (long)await db.ScriptEvaluateAsync(
            RedisScripts.UserTasksTake,
            new
            {
                key = (RedisKey)redis.Keys.UserTasks(task.UserId),
                now = time.GetUtcNow().ToUnixTimeMilliseconds(),
                limit = maxPerUser,
                task = task.Id,
                deadline = SlotDeadline,
                lease = (long)SlotLease.TotalMilliseconds,
            }) == 1);
        if (!taken)
        {
            await local.RemoveAsync(task.Id, cancellationToken);
            return false;
        }

        await TryAsync("recording", task.Id, async db => await Task.WhenAll(
            db.HashSetAsync(TasksKey, task.Id, task.ChatId),
            db.SetAddAsync(ItemKey(task.ChatId), task.Id),
            db.StringSetAsync(TaskKey(task.Id), JsonSerializer.Serialize(task), TaskLifetime)));
        return true;
    }

    public async Task RemoveAsync(string taskId, CancellationToken cancellationToken)
    {
        var task = await local.GetAsync(taskId, cancellationToken);
        await local.RemoveAsync(taskId, cancellationToken);
        await TryAsync("removing", taskId, async db => await Task.WhenAll(
            db.HashDeleteAsync(TasksKey, taskId),
            task is null ? Task.CompletedTask : db.SetRemoveAsync(ItemKey(task.ChatId), taskId),
            task is null ? Task.CompletedTask : db.SortedSetRemoveAsync(redis.Keys.UserTasks(task.UserId), taskId),
            db.KeyDeleteAsync(TaskKey(taskId))));
    }

    public async Task<ChatTask?> GetAsync(string taskId, CancellationToken cancellationToken)
    {
        if (await local.GetAsync(taskId, cancellationToken) is { } here)
        {
            return here;
        }

        ChatTask? found = null;
        await TryAsync("reading", taskId, async db => found = Parse(await db.StringGetAsync(TaskKey(taskId))));
        return found;
    }

    public async Task<int> CountByUserAsync(string userId, CancellationToken cancellationToken)
    {
        var here = await local.CountByUserAsync(userId, cancellationToken);
        var everywhere = 0L;
        await TryAsync("counting the tasks of user", userId, async db => everywhere = (long)await db.ScriptEvaluateAsync(
            RedisScripts.UserTasksCount, new { key = (RedisKey)redis.Keys.UserTasks(userId), now = time.GetUtcNow().ToUnixTimeMilliseconds() }));
        return (int)Math.Max(here, everywhere);
    }

    /// <summary>Renews the slots of this instance's tasks every third of <see cref="SlotLease"/> (and writes them again after a Redis restart), until stopped.</summary>
    public async Task RenewSlotsAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SlotLease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var byUser in local.Running.GroupBy(t => t.UserId))
                {
                    await TryAsync("renewing the task slots of user", byUser.Key, async db => await Task.WhenAll(
                        db.SortedSetAddAsync(redis.Keys.UserTasks(byUser.Key), [.. byUser.Select(t => new SortedSetEntry(t.Id, SlotDeadline))]),
                        db.KeyExpireAsync(redis.Keys.UserTasks(byUser.Key), SlotLease)));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task<IReadOnlyList<ChatTask>> ListByChatAsync(string chatId, CancellationToken cancellationToken)
    {
        var tasks = new List<ChatTask>(await local.ListByChatAsync(chatId, cancellationToken));
        await TryAsync("listing the tasks of chat", chatId, async db =>
        {
            var ids = await db.SetMembersAsync(ItemKey(chatId));
            // One GET per task, not MGET: the task keys lie in different slots of a Redis Cluster.
            var values = await Task.WhenAll(ids.Select(id => db.StringGetAsync(TaskKey((string)id!))));
            foreach (var task in values.Select(Parse))
            {
                if (task is not null && !tasks.Any(t => t.Id == task.Id))
                {
                    tasks.Add(task);
                }
            }
        });
        return [.. tasks.OrderBy(t => t.StartedAt)];
    }

    public async Task<bool> StopAsync(string taskId, CancellationToken cancellationToken)
    {
        if (await local.StopAsync(taskId, cancellationToken))
        {
            return true;
        }

        var stopped = false;
        await TryAsync("stopping", taskId, async db =>
        {
            if (await db.KeyExistsAsync(TaskKey(taskId)))
            {
                var command = JsonSerializer.Serialize(new Dictionary<string, string> { ["action"] = "stop", ["task_id"] = taskId });
                stopped = await db.Multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(CommandChannel), command) > 0;
            }
        });
        return stopped;
    }

    /// <summary>Applies stop commands from every instance (and from Open WebUI's) to this instance's tasks, until stopped.</summary>
    public async Task ListenAsync(CancellationToken stoppingToken)
    {
        // Stopping ends it quietly at any step, as it does the read loop (the subscription can still be retrying then).
        try
        {
            var queue = await SubscribeCommandsAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var message = await queue.ReadAsync(stoppingToken);
                try
                {
                    using var json = JsonDocument.Parse((string)message.Message!);
                    if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("action", out var action) &&
                        action.ValueKind == JsonValueKind.String && action.GetString() == "stop" &&
                        json.RootElement.TryGetProperty("task_id", out var id) && id.ValueKind == JsonValueKind.String)
                    {
                        await local.StopAsync(id.GetString()!, stoppingToken);
                    }
                }
                catch (JsonException)
                {
                    Log.Failed(logger, "reading a command of", "tasks", "not JSON");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (ChannelClosedException)
        {
        }
    }

    // Subscribes to the command channel, retrying every second while Redis is not reachable.
    private async Task<ChannelMessageQueue> SubscribeCommandsAsync(CancellationToken stoppingToken)
    {
        var multiplexer = await redis.GetMultiplexerAsync(stoppingToken);
        while (true)
        {
            try
            {
                return await multiplexer.GetSubscriber().SubscribeAsync(RedisChannel.Literal(CommandChannel));
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                Log.Failed(logger, "subscribing to the stop commands of", "tasks", ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private static ChatTask? Parse(RedisValue value)
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<ChatTask>((string)value!);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task TryAsync(string what, string id, Func<IDatabase, Task> action)
    {
        try
        {
            await action(await redis.GetDatabaseAsync());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            Log.Failed(logger, what, id, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Redis failed {What} {Id}: {Message}; this instance's tasks are still served.", EventName = "TaskRedisFailed")]
        public static partial void Failed(ILogger logger, string what, string id, string message);
    }
}
