using System.Collections.Concurrent;

namespace Switchboard.Server.Completions;

/// <summary>The <see cref="IChatTaskRegistry"/> of one instance: tasks in a dictionary, a stop cancels the token.</summary>
internal sealed class InMemoryChatTaskRegistry : IChatTaskRegistry
{
    private readonly ConcurrentDictionary<string, (ChatTask Task, CancellationTokenSource Cancel)> _tasks = new(StringComparer.Ordinal);

    // Serialises the limit check with the add (reads stay lock-free).
    private readonly Lock _adding = new();

    /// <summary>The tasks running here now.</summary>
    public IReadOnlyList<ChatTask> Running => [.. _tasks.Values.Select(e => e.Task)];

    public Task<bool> TryAddAsync(ChatTask task, CancellationTokenSource cancel, int maxPerUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(cancel);
        lock (_adding)
        {
            if (_tasks.Values.Count(e => e.Task.UserId == task.UserId) >= maxPerUser)
            {
                return Task.FromResult(false);
            }

            if (!_tasks.TryAdd(task.Id, (task, cancel)))
            {
                throw new InvalidOperationException($"Task {task.Id} is already registered.");
            }
        }

        return Task.FromResult(true);
    }

    public Task RemoveAsync(string taskId, CancellationToken cancellationToken)
    {
        _tasks.TryRemove(taskId, out _);
        return Task.CompletedTask;
    }

    public Task<ChatTask?> GetAsync(string taskId, CancellationToken cancellationToken) =>
        Task.FromResult(_tasks.TryGetValue(taskId, out var entry) ? entry.Task : null);

    public Task<int> CountByUserAsync(string userId, CancellationToken cancellationToken) =>
        Task.FromResult(_tasks.Values.Count(e => e.Task.UserId == userId));

    public Task<IReadOnlyList<ChatTask>> ListByChatAsync(string chatId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ChatTask>>([.. _tasks.Values.Select(e => e.Task).Where(t => t.ChatId == chatId).OrderBy(t => t.StartedAt)]);

    public async Task<bool> StopAsync(string taskId, CancellationToken cancellationToken)
    {
        if (!_tasks.TryGetValue(taskId, out var entry))
        {
            return false;
        }

        try
        {
            await entry.Cancel.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            return false; // it ended meanwhile
        }

        return true;
    }
}
