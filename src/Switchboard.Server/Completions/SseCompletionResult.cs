using System.Text;
using System.Text.Json.Nodes;

namespace Switchboard.Server.Completions;

/// <summary>
/// The HTTP form of <c>POST /api/chat/completions</c> (no socket fields): the chunks as server-sent events like an
/// OpenAI endpoint (<c>data: {chunk}</c> ... <c>data: [DONE]</c>), or with <c>stream: false</c> one
/// <c>chat.completion</c> object. A failure before the first chunk is an HTTP error <c>{detail}</c> (the upstream's
/// status, else 502); after it, a last <c>data: {"error": {"message"}}</c> event. A client that goes away cancels the
/// upstream request.
/// </summary>
internal sealed class SseCompletionResult(ICompletionSource source, CompletionRequest request) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var aborted = httpContext.RequestAborted;
        var response = httpContext.Response;
        await using var chunks = source.StreamAsync(request.UpstreamBody, aborted).GetAsyncEnumerator(aborted);
        bool any;
        try
        {
            any = await chunks.MoveNextAsync();
        }
        catch (CompletionException ex)
        {
            await HttpErrors.Detail(ex.StatusCode is >= 400 and < 600 ? ex.StatusCode.Value : StatusCodes.Status502BadGateway, ex.Message).ExecuteAsync(httpContext);
            return;
        }

        if (!request.Stream)
        {
            await CompleteAsync(httpContext, chunks, any);
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            while (any)
            {
                await WriteAsync(response, chunks.Current.Json.ToJsonString(), aborted);
                any = await chunks.MoveNextAsync();
            }

            await WriteAsync(response, "[DONE]", aborted);
        }
        catch (CompletionException ex)
        {
            var error = new JsonObject { ["error"] = new JsonObject { ["message"] = ex.Message, ["type"] = "upstream_error" } };
            await WriteAsync(response, error.ToJsonString(), aborted);
        }
    }

    private static async Task WriteAsync(HttpResponse response, string data, CancellationToken cancellationToken)
    {
        await response.WriteAsync("data: " + data + "\n\n", Encoding.UTF8, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    // stream: false: the chunks gathered into one chat.completion.
    private async Task CompleteAsync(HttpContext httpContext, IAsyncEnumerator<CompletionChunk> chunks, bool any)
    {
        var content = new StringBuilder();
        JsonObject? usage = null;
        string? finish = null;
        CompletionChunk? first = any ? chunks.Current : null;
        try
        {
            while (any)
            {
                content.Append(chunks.Current.Content);
                usage = chunks.Current.Usage ?? usage;
                finish = chunks.Current.FinishReason ?? finish;
                any = await chunks.MoveNextAsync();
            }
        }
        catch (CompletionException ex)
        {
            await HttpErrors.Detail(StatusCodes.Status502BadGateway, ex.Message).ExecuteAsync(httpContext);
            return;
        }

        var result = new JsonObject
        {
            ["id"] = first?.Json["id"]?.DeepClone(),
            ["object"] = "chat.completion",
            ["created"] = first?.Json["created"]?.DeepClone(),
            ["model"] = first?.Json["model"]?.DeepClone() ?? request.Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content.ToString() },
                ["finish_reason"] = finish ?? "stop",
            }),
        };
        if (usage is not null)
        {
            result["usage"] = usage.DeepClone();
        }

        await Results.Json(result).ExecuteAsync(httpContext);
    }
}
