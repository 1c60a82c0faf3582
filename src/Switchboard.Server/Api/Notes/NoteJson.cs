using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Access;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Api.Notes;

/// <summary>Open WebUI's <c>NoteModel</c>: <c>{id, user_id, title, data, meta, access_control, created_at, updated_at}</c>.</summary>
internal static class NoteJson
{
    public static async Task<JsonObject> ModelAsync(WebUIDbContext db, NoteRow note, CancellationToken cancellationToken)
    {
        var grants = await db.AccessGrants.Where(g => g.ResourceType == ResourceTypes.Note && g.ResourceId == note.Id).ToListAsync(cancellationToken);
        return new JsonObject
        {
            ["id"] = note.Id,
            ["user_id"] = note.UserId,
            ["title"] = note.Title,
            ["data"] = JsonColumn.Parse(note.Data),
            ["meta"] = JsonColumn.Parse(note.Meta),
            ["access_control"] = AccessControlJson.ToJson(grants),
            ["created_at"] = note.CreatedAt,
            ["updated_at"] = note.UpdatedAt,
        };
    }
}
