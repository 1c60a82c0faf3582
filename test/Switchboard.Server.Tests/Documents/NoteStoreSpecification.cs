using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Documents;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Documents;

/// <summary>
/// The note save (<c>data.content</c> set, the rest of <c>data</c> kept, G24), on SQLite and PostgreSQL: in place when
/// <c>data</c> is an object, through .NET for NULL and for JSON stored as a JSON string of JSON text.
/// </summary>
public abstract class NoteStoreSpecification(ServerFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly JsonObject Content = new() { ["json"] = new JsonObject { ["type"] = "doc" }, ["md"] = "new text", ["html"] = "<p>new text</p>" };

    private ServerHost Host => fixture.Host;

    private DocumentStore Store => Host.Services.GetRequiredService<DocumentStore>();

    private async Task<string> NoteAsync(string? data)
    {
        var user = await Seed.UserAsync(Host);
        var id = Seed.NewId();
        await using var db = await Host.DbAsync();
        db.Notes.Add(new NoteRow { Id = id, UserId = user.Id, Title = "note", Data = data, CreatedAt = 1, UpdatedAt = 1 });
        await db.SaveChangesAsync();
        return id;
    }

    private async Task<(JsonObject Data, long? UpdatedAt)> StoredAsync(string noteId)
    {
        await using var db = await Host.DbAsync();
        var row = await db.Notes.SingleAsync(n => n.Id == noteId);
        return (JsonColumn.ParseObject(row.Data), row.UpdatedAt);
    }

    [StorageFact]
    public async Task SaveNoteContent_DataAnObject_ContentReplacedTheRestKept()
    {
        var note = await NoteAsync("""{"content":{"md":"old"},"files":[{"id":"f1"}],"versions":[]}""");

        Assert.True(await Store.SaveNoteContentAsync(note, (JsonObject)Content.DeepClone(), CancellationToken.None).WaitAsync(Timeout));

        var (data, updatedAt) = await StoredAsync(note);
        Assert.True(JsonNode.DeepEquals(Content, data["content"]));
        Assert.Equal("f1", (string?)data["files"]![0]!["id"]);
        Assert.NotNull(data["versions"]);
        Assert.True(updatedAt > 1);
    }

    [StorageFact]
    public async Task SaveNoteContent_DataNull_ContentSet()
    {
        var note = await NoteAsync(null);

        Assert.True(await Store.SaveNoteContentAsync(note, (JsonObject)Content.DeepClone(), CancellationToken.None).WaitAsync(Timeout));

        Assert.True(JsonNode.DeepEquals(Content, (await StoredAsync(note)).Data["content"]));
    }

    [StorageFact]
    public async Task SaveNoteContent_DataAJsonStringOfJsonText_ContentSetTheRestKept()
    {
        var note = await NoteAsync(JsonSerializer.Serialize("""{"content":{"md":"old"},"files":[{"id":"f1"}]}"""));

        Assert.True(await Store.SaveNoteContentAsync(note, (JsonObject)Content.DeepClone(), CancellationToken.None).WaitAsync(Timeout));

        var (data, _) = await StoredAsync(note);
        Assert.True(JsonNode.DeepEquals(Content, data["content"]));
        Assert.Equal("f1", (string?)data["files"]![0]!["id"]);
    }

    [StorageFact]
    public async Task SaveNoteContent_NoSuchNote_False()
    {
        Assert.False(await Store.SaveNoteContentAsync(Seed.NewId(), (JsonObject)Content.DeepClone(), CancellationToken.None).WaitAsync(Timeout));
    }
}
