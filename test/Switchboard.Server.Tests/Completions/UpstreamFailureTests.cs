using System.Net.Http.Json;
using System.Text.Json.Nodes;
using static Switchboard.Server.Tests.Completions.ChatEvents;

namespace Switchboard.Server.Tests.Completions;

/// <summary>An upstream that fails, stalls or sends garbage ends in <c>chat:message:error</c> and a stored error, never a hung task.</summary>
public sealed class UpstreamFailureTests : IAsyncLifetime
{
    private CompletionServer _server = null!;

    // Short upstream timeouts, so the stalling modes end quickly; the tests still only wait on events.
    public async Task InitializeAsync() => _server = await CompletionServer.StartAsync(new Dictionary<string, string?>
    {
        ["Switchboard:Completions:FirstByteTimeout"] = "00:00:01",
        ["Switchboard:Completions:IdleTimeout"] = "00:00:01",
    });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("fake-fail", "500")]
    [InlineData("fake-stall", "stopped sending")]
    [InlineData("fake-silent", "sent nothing")]
    [InlineData("fake-garbage", "malformed")]
    public async Task Complete_UpstreamFailure_EmitsErrorAndStoresIt(string model, string reason)
    {
        var (user, chat) = await _server.UserWithChatAsync();
        var tab = await _server.ConnectAsync(user);
        using var http = _server.Http(user);

        await ChatCompletionSocketTests.StartAsync(http, tab.Sid, chat, model);
        var events = await UntilAsync(tab, "a1", IsInactive);

        var error = Data(events.Single(e => Type(e) == "chat:message:error"))!["error"]!["content"]!.GetValue<string>();
        Assert.Contains(reason, error, StringComparison.Ordinal);
        Assert.DoesNotContain(events, IsDone);
        var stored = (await _server.StoredMessageAsync(chat))!;
        Assert.Equal(error, stored["error"]!["content"]!.GetValue<string>());
        Assert.True(stored["done"]!.GetValue<bool>());
        Assert.Equal(model is "fake-stall" or "fake-garbage" ? "tok0 " : "", stored["content"]!.GetValue<string>()); // what arrived is kept
        var tasks = await http.GetFromJsonAsync<JsonObject>($"/api/tasks/chat/{chat}").WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(tasks!["task_ids"]!.AsArray());
    }
}
