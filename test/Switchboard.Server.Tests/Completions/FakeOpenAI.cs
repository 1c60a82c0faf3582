using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Completions;

/// <summary>
/// The fake OpenAI-compatible upstream (<c>test/fake-openai/server.mjs</c>), a real local HTTP server run with
/// <c>node</c>: the one stand-in of these tests, in place of a language model.
/// </summary>
public sealed class FakeOpenAI : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _http;

    private FakeOpenAI(Process process, int port)
    {
        _process = process;
        BaseUrl = $"http://127.0.0.1:{port}/v1";
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>The value for <c>OPENAI_API_BASE_URLS</c>.</summary>
    public string BaseUrl { get; }

    public static async Task<FakeOpenAI> StartAsync()
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(RepoPaths.Root, "test", "fake-openai", "server.mjs"));
        info.ArgumentList.Add("0");
        var process = Process.Start(info) ?? throw new InvalidOperationException("node did not start (Node 20 must be installed)");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30))
            ?? throw new InvalidOperationException("the fake upstream exited: " + await process.StandardError.ReadToEndAsync());
        return new FakeOpenAI(process, JsonNode.Parse(line)!["port"]!.GetValue<int>());
    }

    /// <summary><c>GET /_stats</c>: requests, completed, aborted, paused, last_body, last_authorization.</summary>
    public async Task<JsonObject> StatsAsync() =>
        (await _http.GetFromJsonAsync<JsonObject>("_stats").WaitAsync(TimeSpan.FromSeconds(30)))!;

    public async Task<int> StatAsync(string name) => (await StatsAsync())[name]!.GetValue<int>();

    /// <summary>Resumes every stream paused by <c>fake_pause_at</c>.</summary>
    public async Task ReleaseAsync() =>
        (await _http.PostAsync("_release", null).WaitAsync(TimeSpan.FromSeconds(30))).EnsureSuccessStatusCode();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        try
        {
            _process.StandardInput.Close(); // the script exits when its stdin ends
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
