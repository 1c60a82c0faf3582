using System.Net;
using System.Text.Json.Nodes;
using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Infrastructure;
using Switchboard.Testing;

namespace Switchboard.Server.Tests.Api.Notes;

/// <summary>
/// A note edited over HTTP while an editor has it open: the editor is npm socket.io-client with npm yjs and
/// y-prosemirror as Open WebUI's provider uses them (test/interop/notes-collab.mjs watch), on the real server.
/// </summary>
public sealed class NoteInteropTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task UpdateOverHttp_OpenYjsEditor_ShowsTheNewContent()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var host = await ServerHost.StartAsync(database, ApiServerFixture.Settings);
        var owner = await Seed.UserAsync(host);
        using var client = new ApiClient(host.Url, host.Tokens.CreateToken(owner.Id));
        var before = """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"before"}]}]}""";
        var created = (await client.PostAsync("/api/v1/notes/create", $$$"""{"title":"n","data":{"content":{"json":{{{before}}},"md":"before"}},"access_control":{}}""")).Expect(HttpStatusCode.OK);
        var id = created.Object["id"]!.GetValue<string>();

        await using var node = NodeProcess.Start("notes-collab.mjs", "watch", host.Url, id, client.Token!, "written over HTTP");
        var joined = JsonNode.Parse(await node.ReadLineAsync(Timeout))!;
        Assert.Equal("joined", joined["step"]!.GetValue<string>());
        Assert.Contains("before", joined["json"]!.ToJsonString(), StringComparison.Ordinal);

        var after = JsonNode.Parse("""{"type":"doc","content":[{"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"written over HTTP"}]}]}""")!;
        (await client.PostAsync($"/api/v1/notes/{id}/update", new JsonObject { ["data"] = new JsonObject { ["content"] = new JsonObject { ["json"] = after } } }.ToJsonString())).Expect(HttpStatusCode.OK);

        var changed = JsonNode.Parse(await node.ReadLineAsync(Timeout))!;
        Assert.Equal("changed", changed["step"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(after, changed["json"]), changed["json"]!.ToJsonString());
    }
}
