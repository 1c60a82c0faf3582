using System.Text;
using System.Text.Json.Nodes;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Documents;

/// <summary>
/// Collaborative notes end to end: npm socket.io-client 4.8 with the frontend's options and npm yjs as Open WebUI's
/// provider uses it (test/interop/notes-collab.mjs), against the real server on Kestrel and SQLite.
/// </summary>
public sealed class DocumentInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static string Token(string userId) =>
        JwtToken.Create(new JwtClaims { UserId = userId }, Encoding.UTF8.GetBytes(ServerHost.Secret));

    private static async Task<JsonNode?> StoredJsonAsync(ServerHost host, string noteId)
    {
        await using var db = await host.DbAsync();
        var row = db.Notes.Single(n => n.Id == noteId);
        return JsonColumn.ParseObject(row.Data)["content"]?["json"];
    }

    private static async Task WaitForStoredAsync(ServerHost host, string noteId, JsonNode expected)
    {
        using var cts = new CancellationTokenSource(Timeout);
        while (!JsonNode.DeepEquals(await StoredJsonAsync(host, noteId), expected))
        {
            Assert.False(cts.IsCancellationRequested, $"stored content {await StoredJsonAsync(host, noteId)} never became {expected}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task TwoEditorsAndAViewer_ConvergeStoreAndSurviveARestart()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var host = await ServerHost.StartAsync(database);
        try
        {
            var owner = await Seed.UserAsync(host);
            var editor = await Seed.UserAsync(host);
            var viewer = await Seed.UserAsync(host);
            var note = await Seed.NoteAsync(host, owner.Id);
            await Seed.GrantAsync(host, "note", note, "user", editor.Id, "read");
            await Seed.GrantAsync(host, "note", note, "user", editor.Id, "write");
            await Seed.GrantAsync(host, "note", note, "user", viewer.Id, "read");

            JsonNode typed;
            await using (var node = NodeProcess.Start("notes-collab.mjs", "edit", host.Url, note, Token(owner.Id), Token(editor.Id), Token(viewer.Id)))
            {
                var converged = JsonNode.Parse(await node.ReadLineAsync(Timeout))!;
                Assert.Equal("converged", converged["step"]!.GetValue<string>());
                Assert.Contains("write access", converged["viewerRefused"]!.GetValue<string>(), StringComparison.Ordinal);

                // After the debounce the stored note content is the document's, whatever the browsers claimed.
                await WaitForStoredAsync(host, note, converged["json"]!);

                // One more paragraph, and the server restarts at once: the shutdown saves it.
                await node.WriteLineAsync("type");
                typed = JsonNode.Parse(await node.ReadLineAsync(Timeout))!["json"]!;
                await host.DisposeAsync();
                host = await ServerHost.StartAsync(database);
                await node.WriteLineAsync("exit");
            }
            Assert.True(JsonNode.DeepEquals(typed, await StoredJsonAsync(host, note)), $"stored {await StoredJsonAsync(host, note)}, typed {typed}");
            var read = await NodeProcess.RunAsync("notes-collab.mjs", Timeout, null, "read", host.Url, note, Token(viewer.Id));
            Assert.True(read.ExitCode == 0, read.StandardError);
            var state = JsonNode.Parse(read.StandardOutput.Trim())!["json"]!;
            Assert.True(JsonNode.DeepEquals(typed, state), $"after the restart {state}, typed {typed}");
            Assert.Contains("typed just before the restart", state.ToJsonString(), StringComparison.Ordinal);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }
}
