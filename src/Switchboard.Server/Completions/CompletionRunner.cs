using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Server.Chat;
using Switchboard.Server.Realtime;
using Switchboard.SocketIO;

namespace Switchboard.Server.Completions;

/// <summary>
/// Runs completions in the background and streams them to every tab of the user as Open WebUI's middleware does
/// (§5.1, §5.3): <c>chat:active</c> at start and end; <c>chat:completion {content}</c> with the whole content every
/// <c>CHAT_RESPONSE_STREAM_DELTA_CHUNK_SIZE</c> deltas (the compatible form, to the sockets that did not choose the
/// delta form of <see cref="ChatStream"/>); then <c>{usage}</c> and <c>{done, content, title}</c>, or
/// <c>chat:message:error</c>, or on a stop <c>chat:tasks:cancel</c>. The reply is stored before the last event, in
/// every case, whether or not a tab is connected.
/// </summary>
internal sealed partial class CompletionRunner(
    SocketIOServer io,
    IChatEventEmitter emitter,
    ChatWriteQueue writes,
    ChatStreams streams,
    IChatTaskRegistry registry,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<CompletionRunner> logger)
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    /// <summary>
    /// Registers and starts a task; returns its id at once, or null (nothing started) when the user already runs
    /// <paramref name="maxPerUser"/> tasks.
    /// </summary>
    public async Task<string?> StartAsync(ChatEventTarget target, ICompletionSource source, JsonObject body, int chunkSize, int maxPerUser, CancellationToken cancellationToken)
    {
        var task = new ChatTask(Guid.NewGuid().ToString(), target.UserId, target.ChatId!, target.MessageId!, time.GetUtcNow());
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        if (!await registry.TryAddAsync(task, cancel, maxPerUser, cancellationToken))
        {
            cancel.Dispose();
            return null;
        }

        var stream = streams.Start(target);
        await stream.RecordStartAsync();
        var run = new Task<Task>(() => RunAsync(task, target, source, body, chunkSize, stream, cancel));
        _running[task.Id] = run.Unwrap();
        run.Start(TaskScheduler.Default);
        return task.Id;
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) for a task of this instance to end; at once when it is not here.</summary>
    public async Task WaitAsync(string taskId, TimeSpan timeout)
    {
        if (_running.TryGetValue(taskId, out var run))
        {
            await Task.WhenAny(run, Task.Delay(timeout, time));
        }
    }

    /// <summary>Every task still running here (for shutdown).</summary>
    public Task WhenAllAsync() => Task.WhenAll(_running.Values);

    private async Task RunAsync(ChatTask task, ChatEventTarget target, ICompletionSource source, JsonObject body, int chunkSize, ChatStream stream, CancellationTokenSource cancel)
    {
        var content = new StringBuilder();
        using var compatible = new CompatibleContent(target);
        JsonObject? usage = null;
        string? error = null;
        var cancelled = false;
        try
        {
            await emitter.EmitAsync(target, Active(true), persist: false);
            var unsent = 0;
            try
            {
                // chat:completion to the user's tabs that did not choose the delta form, through one operator for the
                // whole reply (it caches its broadcast options). The event is kept encoded and extended word by word
                // (CompatibleContent), so a word never re-serialises the content so far. Each content event carries the
                // whole content, so one a tab cannot take now (its send queue is above the high-water mark) is skipped
                // (volatile): the next one, and done, catch up. Without this, the quadratic volume (G11) closes a
                // slow tab's session mid-reply.
                var words = Compatible(target).Volatile;
                await foreach (var chunk in source.StreamAsync(body, cancel.Token))
                {
                    usage = chunk.Usage ?? usage;
                    if (chunk.Content is not { Length: > 0 } delta)
                    {
                        continue;
                    }

                    content.Append(delta);
                    compatible.Append(delta);
                    await stream.AppendAsync(delta);
                    if (++unsent >= chunkSize)
                    {
                        await words.EmitAsync("events", compatible.Event);
                        unsent = 0;
                    }
                }
            }
            catch (OperationCanceledException) when (cancel.IsCancellationRequested)
            {
                cancelled = true;
            }
            catch (CompletionException ex)
            {
                error = ex.Message;
                Log.Failed(logger, task.Id, target.ChatId ?? "", ex.Message);
            }

            if (unsent > 0)
            {
                await Compatible(target).EmitAsync("events", compatible.Event);
            }

            await FinishAsync(task, target, stream, content.ToString(), usage, error, cancelled);
        }
#pragma warning disable CA1031 // A background task never throws into nowhere: logged, and the reply ends with an error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.Crashed(logger, task.Id, ex);
            await TryAsync(() => emitter.EmitAsync(target, Error("Internal server error")));
        }
        finally
        {
            await TryAsync(() => emitter.EmitAsync(target, Active(false), persist: false));
            await TryAsync(() => registry.RemoveAsync(task.Id, CancellationToken.None));
            streams.Retire(stream);
            cancel.Dispose();
            _running.TryRemove(task.Id, out _);
        }
    }

    private async Task FinishAsync(ChatTask task, ChatEventTarget target, ChatStream stream, string content, JsonObject? usage, string? error, bool cancelled)
    {
        var end = new JsonObject();
        if (usage is not null)
        {
            end["usage"] = usage.DeepClone();
        }

        if (error is not null)
        {
            end["error"] = new JsonObject { ["content"] = error };
        }

        if (cancelled)
        {
            end["cancelled"] = true;
        }

        // The title comes back from the reply's write (one transaction reads it), for done.
        string? title = null;
        if (!target.ChatId!.StartsWith("local:", StringComparison.Ordinal))
        {
            title = (await writes.ApplyAsync(target.ChatId, target.MessageId!, new CompleteReply(content, usage, error), CancellationToken.None)).Title;
        }

        await stream.EndAsync(end); // after storing, as the compatible done: a tab that reads the chat then sees the reply

        if (error is not null)
        {
            await emitter.EmitAsync(target, Error(error));
        }
        else if (cancelled)
        {
            Log.Stopped(logger, task.Id, target.ChatId);
            await emitter.EmitAsync(target, new JsonObject { ["type"] = "chat:tasks:cancel" });
        }
        else
        {
            if (usage is not null)
            {
                await EmitCompatibleAsync(target, new JsonObject { ["usage"] = usage.DeepClone() });
            }

            await EmitCompatibleAsync(target, new JsonObject { ["done"] = true, ["content"] = content, ["title"] = title });
        }
    }

    // chat:completion to the user's tabs that did not choose the delta form.
    private ValueTask EmitCompatibleAsync(ChatEventTarget target, JsonObject data) =>
        Compatible(target).EmitAsync("events", ChatEventEmitter.Envelope(target, new JsonObject { ["type"] = "chat:completion", ["data"] = data }));

    private BroadcastOperator Compatible(ChatEventTarget target) => io.To(Rooms.User(target.UserId)).Except(ChatStreams.DeltaRoom(target.UserId));

    private static JsonObject Active(bool active) => new() { ["type"] = "chat:active", ["data"] = new JsonObject { ["active"] = active } };

    private static JsonObject Error(string message) =>
        new() { ["type"] = "chat:message:error", ["data"] = new JsonObject { ["error"] = new JsonObject { ["content"] = message } } };

    private async Task TryAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
#pragma warning disable CA1031 // Cleanup steps are independent: one failing must not skip the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.CleanupFailed(logger, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Completion task {TaskId} of chat {ChatId} failed: {Reason}", EventName = "CompletionFailed")]
        public static partial void Failed(ILogger logger, string taskId, string chatId, string reason);

        [LoggerMessage(2, LogLevel.Information, "Completion task {TaskId} of chat {ChatId} was stopped.", EventName = "CompletionStopped")]
        public static partial void Stopped(ILogger logger, string taskId, string chatId);

        [LoggerMessage(3, LogLevel.Error, "Completion task {TaskId} crashed.", EventName = "CompletionCrashed")]
        public static partial void Crashed(ILogger logger, string taskId, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "A completion task's cleanup step failed.", EventName = "CleanupFailed")]
        public static partial void CleanupFailed(ILogger logger, Exception exception);
    }
}
