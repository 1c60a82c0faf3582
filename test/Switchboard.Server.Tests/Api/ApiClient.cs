using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Switchboard.Server.Tests.Api;

/// <summary>HTTP calls to the server as one user (a bearer token, or none), answering status and JSON.</summary>
internal sealed class ApiClient(string baseUrl, string? token) : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new() { BaseAddress = new Uri(baseUrl), Timeout = Timeout };

    public string? Token { get; } = token;

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<ApiResponse> DeleteAsync(string path) => SendAsync(HttpMethod.Delete, path, null);

    public Task<ApiResponse> PostAsync(string path, object? body) =>
        SendAsync(HttpMethod.Post, path, body is null ? null : body is string raw ? raw : System.Text.Json.JsonSerializer.Serialize(body));

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, path);
        if (Token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request).WaitAsync(Timeout);
        var text = await response.Content.ReadAsStringAsync().WaitAsync(Timeout);
        var cookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
        return new ApiResponse(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), cookies);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A response: status, JSON body, Set-Cookie headers.</summary>
internal sealed record ApiResponse(HttpStatusCode Status, JsonNode? Json, IReadOnlyList<string> Cookies)
{
    public JsonObject Object => Json as JsonObject ?? throw new InvalidOperationException($"not an object: {Json}");

    public JsonArray Array => Json as JsonArray ?? throw new InvalidOperationException($"not an array: {Json}");

    public string? Detail => (Json as JsonObject)?["detail"]?.GetValue<string>();

    /// <summary>Asserts the status, showing the body when it differs.</summary>
    public ApiResponse Expect(HttpStatusCode status)
    {
        Assert.True(Status == status, $"expected {(int)status} {status}, got {(int)Status} {Status}: {Json?.ToJsonString()}");
        return this;
    }
}
