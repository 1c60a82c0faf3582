using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;

namespace Switchboard.Server.Completions;

/// <summary>
/// Streams a completion from an OpenAI-compatible upstream: <c>POST {base}/chat/completions</c> with
/// <c>stream: true</c>, read as server-sent events. Timeouts: connecting (<see cref="CompletionOptions.ConnectTimeout"/>,
/// on the handler), until the first event (<see cref="CompletionOptions.FirstByteTimeout"/>) and between events
/// (<see cref="CompletionOptions.IdleTimeout"/>); each, like an HTTP error or malformed data, ends the stream with a
/// <see cref="CompletionException"/>.
/// </summary>
internal sealed class UpstreamSource(Upstream upstream, IHttpClientFactory clients, CompletionOptions options, TimeProvider time) : ICompletionSource
{
    /// <summary>The name of the <see cref="HttpClient"/> registered for upstreams.</summary>
    public const string ClientName = "Switchboard.Completions";

    private const int MaxErrorBodyBytes = 64 * 1024;

    public Upstream Upstream { get; } = upstream;

    public async IAsyncEnumerable<CompletionChunk> StreamAsync(JsonObject body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.FirstByteTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var response = await SendAsync(body, timeout, linked.Token, cancellationToken);
        var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(linked.Token));
        try
        {
            var first = true;
            var finished = false;
            while (await ReadEventAsync(reader, timeout, first, linked.Token, cancellationToken) is { } data)
            {
                first = false;
                if (data == "[DONE]")
                {
                    yield break;
                }

                var chunk = CompletionChunk.Parse(data);
                finished |= chunk.FinishReason is not null;
                timeout.CancelAfter(options.IdleTimeout);
                yield return chunk;
                timeout.CancelAfter(options.IdleTimeout); // the time this consumer took is not the model's silence
            }

            // The stream ended without [DONE]: complete when the model said it finished, a failure otherwise.
            if (!finished)
            {
                throw new CompletionException("The model's stream ended before it finished.");
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(JsonObject body, CancellationTokenSource timeout, CancellationToken token, CancellationToken caller)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Upstream.Endpoint("/chat/completions"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (Upstream.ApiKey is { } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (OperationCanceledException ex) when (!caller.IsCancellationRequested)
        {
            throw new CompletionException(timeout.IsCancellationRequested
                ? $"The model did not answer within {options.FirstByteTimeout.TotalSeconds:0.#} s."
                : "The model could not be reached: the connection timed out.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new CompletionException($"The model could not be reached: {ex.Message}", ex);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var message = await ReadErrorAsync(response, token);
            throw new CompletionException($"The model answered {(int)response.StatusCode}: {message}", (int)response.StatusCode);
        }
    }

    // The error text of an upstream error body: OpenAI's {error: {message}}, Open WebUI's {detail}, or the text itself.
    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }

            var text = Encoding.UTF8.GetString(buffer, 0, length);
            try
            {
                var json = JsonNode.Parse(text);
                if (json?["error"]?["message"] is JsonValue m && m.TryGetValue<string>(out var msg))
                {
                    return msg;
                }

                if (json?["detail"] is JsonValue d && d.TryGetValue<string>(out var detail))
                {
                    return detail;
                }
            }
            catch (System.Text.Json.JsonException)
            {
                // not JSON: the text itself
            }

            return text.Length == 0 ? response.ReasonPhrase ?? "error" : text.Length > 500 ? text[..500] : text;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            return response.ReasonPhrase ?? "error";
        }
    }

    private async Task<string?> ReadEventAsync(PipeReader reader, CancellationTokenSource timeout, bool first, CancellationToken token, CancellationToken caller)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(token);
                var buffer = result.Buffer;
                string? data;
                bool found;
                try
                {
                    found = SseParser.TryReadData(ref buffer, options.MaxEventBytes, out data);
                }
                catch (InvalidDataException ex)
                {
                    throw new CompletionException("The model sent malformed data: " + ex.Message, ex);
                }

                if (found)
                {
                    reader.AdvanceTo(buffer.Start);
                    return data;
                }

                if (result.IsCompleted)
                {
                    var trailing = SseParser.ReadTrailingData(buffer, options.MaxEventBytes);
                    reader.AdvanceTo(buffer.End);
                    return trailing;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException ex) when (!caller.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            throw new CompletionException(first
                ? $"The model sent nothing within {options.FirstByteTimeout.TotalSeconds:0.#} s."
                : $"The model stopped sending for {options.IdleTimeout.TotalSeconds:0.#} s.", ex);
        }
        catch (IOException ex) when (!caller.IsCancellationRequested)
        {
            throw new CompletionException($"The model's stream broke: {ex.Message}", ex);
        }
        catch (HttpRequestException ex) when (!caller.IsCancellationRequested)
        {
            throw new CompletionException($"The model's stream broke: {ex.Message}", ex);
        }
    }
}
