using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Infrastructure;
using static Switchboard.Server.Tests.Documents.Updates;

namespace Switchboard.Server.Tests.Documents;

/// <summary>The document tables and note saves on PostgreSQL (the same SQL as SQLite): log, compaction, seeding, restart.</summary>
public sealed class DocumentPostgresTests : IPostgresTests
{
    [StorageFact]
    public async Task Restart_LogCompactionSeedAndSave_AllOnPostgres()
    {
        await using var server = await DocumentServer.StartAsync(
            new Dictionary<string, string?> { ["Switchboard:Documents:CompactAfterUpdates"] = "4" }, DatabaseProvider.PostgreSql);
        var owner = await DocumentSeed.UserAsync(server);
        var note = await DocumentSeed.NoteAsync(server, owner, new System.Text.Json.Nodes.JsonObject
        {
            ["json"] = System.Text.Json.Nodes.JsonNode.Parse(ParagraphJson("seeded on postgres")),
            ["md"] = "seeded on postgres",
        });
        var socket = await server.ConnectAsync(owner);
        await socket.CallAsync("ydoc:document:join", new { document_id = "note_" + note });
        var seeded = Doc(Bytes((await socket.NextAsync("ydoc:document:state"))["state"]));
        Assert.Equal("seeded on postgres", Switchboard.Yjs.ProseMirror.ProseMirrorMarkdown.Render(seeded.GetProseMirror()));

        for (var clock = 0; clock < 9; clock++)
        {
            await socket.CallAsync("ydoc:document:update", new { document_id = "note:" + note, update = Ints(TextInsert(clock, (char)('a' + clock))) });
        }

        Assert.True(await DocumentSeed.LogCountAsync(server, "note:" + note) < 4);
        await server.RestartAsync();
        var again = await server.ConnectAsync(owner);
        await again.CallAsync("ydoc:document:join", new { document_id = "note:" + note });
        var state = Doc(Bytes((await again.NextAsync("ydoc:document:state"))["state"]));

        Assert.Equal("abcdefghi", state.GetText("t"));
        Assert.Equal("seeded on postgres", await DocumentSeed.MarkdownAsync(server, note));
        Assert.Equal(0, await DocumentSeed.LogCountAsync(server, "note:" + note));
    }
}
