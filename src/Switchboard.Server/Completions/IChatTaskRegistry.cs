namespace Switchboard.Server.Completions;

/// <summary>
/// The running completion tasks, by id and by chat (<c>POST /api/tasks/stop/{id}</c>, <c>GET /api/tasks/chat/{id}</c>).
/// The in-memory registry (<see cref="InMemoryChatTaskRegistry"/>) sees the tasks of this instance; a scale-out
/// registry keeps the index in shared storage and delivers <see cref="StopAsync"/> to the instance that runs the task
/// (as Open WebUI's <c>{prefix}:tasks:commands</c> channel does), so a stop sent to any instance cancels the stream.
/// Every stop goes through this interface.
/// </summary>
internal interface IChatTaskRegistry
{
    /// <summary>
    /// Records a task that runs here unless its user already runs <paramref name="maxPerUser"/> tasks (wherever the
    /// registry sees them): the check and the add are one step, so requests at the same instant cannot both pass the
    /// limit. False records nothing. <paramref name="cancel"/> is cancelled when a stop for the task arrives.
    /// </summary>
    Task<bool> TryAddAsync(ChatTask task, CancellationTokenSource cancel, int maxPerUser, CancellationToken cancellationToken);

    /// <summary>Forgets a task that ended (whatever the outcome).</summary>
    Task RemoveAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>The task with <paramref name="taskId"/>, wherever it runs, or null.</summary>
    Task<ChatTask?> GetAsync(string taskId, CancellationToken cancellationToken);

    /// <summary>How many tasks of <paramref name="userId"/> run, wherever the registry sees them (the limit itself is enforced by <see cref="TryAddAsync"/>).</summary>
    Task<int> CountByUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The running tasks of one chat.</summary>
    Task<IReadOnlyList<ChatTask>> ListByChatAsync(string chatId, CancellationToken cancellationToken);

    /// <summary>Asks the task to stop (its upstream request is cancelled); false when no such task runs.</summary>
    Task<bool> StopAsync(string taskId, CancellationToken cancellationToken);
}
