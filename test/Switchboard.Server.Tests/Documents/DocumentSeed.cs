using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Tests.Documents;

/// <summary>Users, notes and grants written the way Open WebUI writes them, and readers of what the server stored.</summary>
internal static class DocumentSeed
{
    public static async Task<string> UserAsync(DocumentServer server, string role = "user")
    {
        var id = Guid.NewGuid().ToString();
        await using var db = await server.DbAsync();
        db.Users.Add(new UserRow { Id = id, Name = "user " + id[..8], Email = id + "@example.com", Role = role, CreatedAt = 1, UpdatedAt = 1, LastActiveAt = 1 });
        await db.SaveChangesAsync();
        return id;
    }

    public static async Task<string> NoteAsync(DocumentServer server, string ownerId, JsonObject? content = null)
    {
        var id = Guid.NewGuid().ToString();
        var data = content is null ? null : new JsonObject { ["content"] = content, ["files"] = new JsonArray() }.ToJsonString();
        await using var db = await server.DbAsync();
        db.Notes.Add(new NoteRow { Id = id, UserId = ownerId, Title = "note", Data = data, CreatedAt = 1, UpdatedAt = 1 });
        await db.SaveChangesAsync();
        return id;
    }

    public static async Task GrantAsync(DocumentServer server, string noteId, string principalId, string permission, string principalType = "user")
    {
        await using var db = await server.DbAsync();
        db.AccessGrants.Add(new AccessGrantRow
        {
            Id = Guid.NewGuid().ToString(), ResourceType = "note", ResourceId = noteId, PrincipalType = principalType,
            PrincipalId = principalId, Permission = permission, CreatedAt = 1,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>The note's stored <c>data</c>.</summary>
    public static async Task<JsonObject> DataAsync(DocumentServer server, string noteId)
    {
        await using var db = await server.DbAsync();
        var row = await db.Notes.SingleAsync(n => n.Id == noteId);
        return JsonColumn.ParseObject(row.Data);
    }

    /// <summary>The stored <c>data.content.md</c>, or null.</summary>
    public static async Task<string?> MarkdownAsync(DocumentServer server, string noteId) =>
        (await DataAsync(server, noteId))["content"]?["md"]?.GetValue<string>();

    /// <summary>How many log entries the document has in <c>switchboard_document_update</c>.</summary>
    public static async Task<long> LogCountAsync(DocumentServer server, string documentId)
    {
        await using var db = await server.DbAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM switchboard_document_update WHERE document_id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = documentId;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Whether <c>switchboard_document</c> holds a state for the document.</summary>
    public static async Task<bool> HasStateAsync(DocumentServer server, string documentId)
    {
        await using var db = await server.DbAsync();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM switchboard_document WHERE id = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = documentId;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }
}
