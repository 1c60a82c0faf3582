using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Switchboard.Server.Auth;
using Switchboard.Server.Chat;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Completions;

/// <summary>
/// <c>POST /api/chat/completions</c> (socket form: <c>{status, task_id}</c> at once, the reply through the socket;
/// else server-sent events like an OpenAI endpoint, or one JSON completion with <c>stream: false</c>),
/// <c>POST /api/chat/completed</c>, <c>GET /api/models</c>, <c>POST /api/tasks/stop/{task_id}</c> and
/// <c>GET /api/tasks/chat/{chat_id}</c>.
/// </summary>
internal static class CompletionEndpoints
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    public static IEndpointRouteBuilder MapCompletionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/chat/completions", CompleteAsync);
        endpoints.MapPost("/api/chat/completed", CompletedAsync);
        endpoints.MapGet("/api/models", ListModelsAsync);
        endpoints.MapPost("/api/tasks/stop/{taskId}", StopAsync);
        endpoints.MapGet("/api/tasks/chat/{chatId}", ListTasksAsync);
        return endpoints;
    }

    private static async Task<IResult> CompleteAsync(
        HttpContext context,
        ITokenValidator tokens,
        ModelCatalog models,
        CompletionRunner runner,
        DbConnections connections,
        IOptions<CompletionOptions> options)
    {
        var (user, refusal) = await HttpErrors.AuthenticateAsync(tokens, context);
        if (user is null)
        {
            return refusal!;
        }

        var (body, bad) = await HttpErrors.ReadJsonAsync(context.Request, options.Value.MaxRequestBytes);
        if (bad is not null)
        {
            return bad;
        }

        if (!CompletionRequest.TryParse(body, out var request, out var error))
        {
            return HttpErrors.Detail(StatusCodes.Status400BadRequest, error);
        }

        var source = await models.ResolveAsync(request.Model, context.RequestAborted);
        if (source is null)
        {
            return HttpErrors.Detail(StatusCodes.Status404NotFound, "Model not found");
        }

        if (!request.ViaSocket)
        {
            return new SseCompletionResult(source, request);
        }

        // Another user's chat (or none) is "not found", as Open WebUI's get_chat_by_id_and_user_id makes it.
        if (!request.ChatId.StartsWith("local:", StringComparison.Ordinal))
        {
            if (!await OwnsChatAsync(connections, request.ChatId, user.Id, context.RequestAborted))
            {
                return HttpErrors.Detail(StatusCodes.Status404NotFound, "Chat not found");
            }
        }

        var target = new ChatEventTarget { UserId = user.Id, ChatId = request.ChatId, MessageId = request.MessageId, SessionId = request.SessionId };
        var chunkSize = Math.Max(options.Value.StreamDeltaChunkSize, request.ChunkSize ?? 1);
        var taskId = await runner.StartAsync(target, source, request.UpstreamBody, chunkSize, options.Value.MaxTasksPerUser, context.RequestAborted);
        if (taskId is null)
        {
            return HttpErrors.Detail(StatusCodes.Status429TooManyRequests, $"At most {options.Value.MaxTasksPerUser} replies may stream at once; stop one first.");
        }

        return Results.Json(new JsonObject { ["status"] = true, ["task_id"] = taskId });
    }

    // One plain statement: asked on every completion request.
    private static async Task<bool> OwnsChatAsync(DbConnections connections, string chatId, string userId, CancellationToken cancellationToken)
    {
        await using var connection = await connections.OpenAsync(cancellationToken);
        await using var command = DbConnections.Command(connection, "SELECT 1 FROM chat WHERE id = @id AND user_id = @user_id", ("id", chatId), ("user_id", userId));
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    // The frontend calls this after each reply (Chat.svelte's chatCompletedHandler) to run Open WebUI's outlet
    // filters and merges the messages it answers; Switchboard has no filters, so the messages come back unchanged.
    // A 404 here would mark every reply as failed in the frontend.
    private static async Task<IResult> CompletedAsync(HttpContext context, ITokenValidator tokens, IOptions<CompletionOptions> options)
    {
        var (user, refusal) = await HttpErrors.AuthenticateAsync(tokens, context);
        if (user is null)
        {
            return refusal!;
        }

        var (body, bad) = await HttpErrors.ReadJsonAsync(context.Request, options.Value.MaxRequestBytes);
        if (bad is not null)
        {
            return bad;
        }

        if (body is not JsonObject form || form["messages"] is not JsonArray)
        {
            return HttpErrors.Detail(StatusCodes.Status400BadRequest, "'messages' must be a list of message objects.");
        }

        return Results.Json(form);
    }

    private static async Task<IResult> ListModelsAsync(HttpContext context, ITokenValidator tokens, ModelCatalog models)
    {
        var (user, refusal) = await HttpErrors.AuthenticateAsync(tokens, context);
        if (user is null)
        {
            return refusal!;
        }

        var list = await models.ListAsync(context.RequestAborted);
        return Results.Json(new JsonObject { ["data"] = new JsonArray([.. list.Select(m => (JsonNode)m.DeepClone())]) });
    }

    private static async Task<IResult> StopAsync(string taskId, HttpContext context, ITokenValidator tokens, IChatTaskRegistry registry, CompletionRunner runner)
    {
        var (user, refusal) = await HttpErrors.AuthenticateAsync(tokens, context);
        if (user is null)
        {
            return refusal!;
        }

        var task = await registry.GetAsync(taskId, context.RequestAborted);
        if (task is null)
        {
            return HttpErrors.Detail(StatusCodes.Status404NotFound, "Task not found");
        }

        if (task.UserId != user.Id && !user.IsAdmin)
        {
            return HttpErrors.Detail(StatusCodes.Status403Forbidden, "You may only stop your own tasks.");
        }

        if (!await registry.StopAsync(taskId, context.RequestAborted))
        {
            return HttpErrors.Detail(StatusCodes.Status404NotFound, "Task not found");
        }

        // When the task runs here, answer once what arrived is stored (elsewhere, its instance stores it).
        await runner.WaitAsync(taskId, StopWait);
        return Results.Json(new JsonObject { ["status"] = true, ["message"] = $"Task {taskId} stopped." });
    }

    private static async Task<IResult> ListTasksAsync(string chatId, HttpContext context, ITokenValidator tokens, IChatTaskRegistry registry)
    {
        var (user, refusal) = await HttpErrors.AuthenticateAsync(tokens, context);
        if (user is null)
        {
            return refusal!;
        }

        var tasks = await registry.ListByChatAsync(chatId, context.RequestAborted);
        var ids = tasks.Where(t => t.UserId == user.Id || user.IsAdmin).Select(t => (JsonNode)t.Id);
        return Results.Json(new JsonObject { ["task_ids"] = new JsonArray([.. ids]) });
    }
}
