namespace Switchboard.Server.Completions;

/// <summary>One configured OpenAI-compatible endpoint: its position in <c>OPENAI_API_BASE_URLS</c> (Open WebUI's <c>urlIdx</c>), URL and key.</summary>
internal sealed record Upstream(int Index, string BaseUrl, string? ApiKey)
{
    public Uri Endpoint(string path) => new(BaseUrl.TrimEnd('/') + path);

    /// <summary>The configured upstreams (keys matched by position).</summary>
    public static IReadOnlyList<Upstream> From(CompletionOptions options) =>
        [.. options.BaseUrls.Select((url, i) => new Upstream(i, url, i < options.ApiKeys.Count && options.ApiKeys[i].Length > 0 ? options.ApiKeys[i] : null))];
}
