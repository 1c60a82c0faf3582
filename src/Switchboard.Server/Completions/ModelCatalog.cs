using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Switchboard.Server.Completions;

/// <summary>
/// The models: <c>echo</c> and every upstream's <c>GET {base}/models</c>, in Open WebUI's shape
/// (<c>{id, name, object, created, owned_by, openai, urlIdx, connection_type, tags}</c>). An id served by two
/// upstreams goes to the first. The list is kept for <see cref="CompletionOptions.ModelListCacheDuration"/>; an
/// upstream that fails or is slow is left out (and logged), never fails the list.
/// </summary>
internal sealed partial class ModelCatalog(
    IHttpClientFactory clients,
    IOptions<CompletionOptions> options,
    EchoModel echo,
    TimeProvider time,
    ILogger<ModelCatalog> logger) : IDisposable
{
    private readonly IReadOnlyList<Upstream> _upstreams = Upstream.From(options.Value);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>Every model, for <c>GET /api/models</c>.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAsync(CancellationToken cancellationToken) =>
        (await GetAsync(forceRefresh: false, cancellationToken)).Models;

    /// <summary>The source serving <paramref name="modelId"/>, or null; an unknown id refreshes the list once first.</summary>
    public async Task<ICompletionSource?> ResolveAsync(string modelId, CancellationToken cancellationToken)
    {
        if (modelId == EchoModel.Id && options.Value.EnableEchoModel)
        {
            return echo;
        }

        var snapshot = await GetAsync(forceRefresh: false, cancellationToken);
        if (!snapshot.Routes.TryGetValue(modelId, out var upstream))
        {
            snapshot = await GetAsync(forceRefresh: true, cancellationToken);
            if (!snapshot.Routes.TryGetValue(modelId, out upstream))
            {
                return null;
            }
        }

        return new UpstreamSource(upstream, clients, options.Value, time);
    }

    private async Task<Snapshot> GetAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var seen = _snapshot;
        if (seen is not null && !forceRefresh && now - seen.At < options.Value.ModelListCacheDuration)
        {
            return seen;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_snapshot is { } fresh && !ReferenceEquals(fresh, seen))
            {
                return fresh; // another caller refreshed while this one waited
            }

            var lists = await Task.WhenAll(_upstreams.Select(u => FetchAsync(u, cancellationToken)));
            var models = new List<JsonObject>();
            var routes = new Dictionary<string, Upstream>(StringComparer.Ordinal);
            var echoEnabled = options.Value.EnableEchoModel;
            if (echoEnabled)
            {
                models.Add(EchoModel.Describe(now.ToUnixTimeSeconds()));
            }

            for (var i = 0; i < lists.Length; i++)
            {
                foreach (var model in lists[i])
                {
                    if (model["id"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 && !(echoEnabled && id == EchoModel.Id) && routes.TryAdd(id, _upstreams[i]))
                    {
                        models.Add(Describe(model, id, _upstreams[i]));
                    }
                }
            }

            var snapshot = new Snapshot(time.GetUtcNow(), models, routes);
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async Task<List<JsonObject>> FetchAsync(Upstream upstream, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.ModelListTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, upstream.Endpoint("/models"));
            if (upstream.ApiKey is { } key)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            }

            using var response = await clients.CreateClient(UpstreamSource.ClientName).SendAsync(request, linked.Token);
            response.EnsureSuccessStatusCode();
            var json = JsonNode.Parse(await response.Content.ReadAsStringAsync(linked.Token));
            var data = json?["data"] as JsonArray ?? json as JsonArray ?? [];
            return [.. data.OfType<JsonObject>()];
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Log.ModelListFailed(logger, upstream.BaseUrl, ex.Message);
            return [];
        }
    }

    // Open WebUI's entry for an OpenAI model: the upstream's object under "openai", its position as urlIdx.
    private static JsonObject Describe(JsonObject model, string id, Upstream upstream) => new()
    {
        ["id"] = id,
        ["name"] = model["name"] is JsonValue n && n.TryGetValue<string>(out var name) ? name : id,
        ["object"] = "model",
        ["created"] = model["created"]?.DeepClone() ?? 0,
        ["owned_by"] = "openai",
        ["openai"] = model.DeepClone(),
        ["urlIdx"] = upstream.Index,
        ["connection_type"] = "external",
        ["tags"] = new JsonArray(),
    };

    public void Dispose() => _refresh.Dispose();

    private sealed record Snapshot(DateTimeOffset At, IReadOnlyList<JsonObject> Models, Dictionary<string, Upstream> Routes);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "The model list of {BaseUrl} could not be read: {Reason}", EventName = "ModelListFailed")]
        public static partial void ModelListFailed(ILogger logger, string baseUrl, string reason);
    }
}
