using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Access;
using Switchboard.Server.Api.Users;
using Switchboard.Server.Documents;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;
using Switchboard.Yjs.ProseMirror;

namespace Switchboard.Server.Api.Notes;

/// <summary>
/// <c>/api/v1/notes</c> (Open WebUI's <c>routers/notes.py</c>): the notes the caller may write (<c>/</c>) or read
/// (<c>/list</c>), create, get (read access), update (write access; <c>data</c> and <c>meta</c> merged shallowly, only
/// the owner or an admin changes <c>access_control</c>; <c>note-events</c> to <c>note:{id}</c>, and new
/// <c>data.content.json</c> replaces the live collaborative document) and delete (write access). Access control is
/// the JSON of §8.3, stored as <c>access_grant</c> rows (<see cref="AccessControlJson"/>).
/// </summary>
internal static class NoteEndpoints
{
    public static void MapNoteEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var notes = endpoints.MapGroup("/api/v1/notes");
        notes.RequireCaller(ApiAccess.Verified);
        notes.AddEndpointFilter(async (invocation, next) =>
            invocation.HttpContext.RequestServices.GetRequiredService<NoteServices>().Options.EnableNotes || invocation.HttpContext.Caller().IsAdmin
                ? await next(invocation)
                : ApiErrors.Forbidden());
        notes.MapGet("/", (HttpContext c, NoteServices s) => ListAsync(c, s, "write"));
        notes.MapGet("/list", (HttpContext c, NoteServices s) => ListAsync(c, s, "read"));
        notes.MapPost("/create", CreateAsync);
        notes.MapGet("/{id}", GetAsync);
        notes.MapPost("/{id}/update", UpdateAsync);
        notes.MapDelete("/{id}/delete", DeleteAsync);
    }

    // Owned notes and notes granted with the permission, newest first, each with its owner.
    private static async Task<IResult> ListAsync(HttpContext context, NoteServices services, string permission)
    {
        var caller = context.Caller();
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var granted = AccessControl.Granted(db, caller.Id, ResourceTypes.Note, permission).Select(g => g.ResourceId);
        var notes = await db.Notes.Where(n => n.UserId == caller.Id || granted.Contains(n.Id))
            .OrderByDescending(n => n.UpdatedAt).ThenBy(n => n.Id).Take(1000).ToListAsync(context.RequestAborted);
        var ownerIds = notes.Select(n => n.UserId).Distinct().ToList();
        var owners = await db.Users.Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, context.RequestAborted);
        var list = new JsonArray();
        foreach (var note in notes)
        {
            var json = await NoteJson.ModelAsync(db, note, context.RequestAborted);
            json["user"] = note.UserId is not null && owners.TryGetValue(note.UserId, out var owner) ? UserJson.Name(owner, owner.Id) : null;
            list.Add(json);
        }

        return Results.Json(list);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, NoteServices services)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var title = body.String("title", required: true, maxLength: 1000);
        var data = body.Object("data");
        var meta = body.Object("meta");
        ValidateContent(body, data);
        // Open WebUI's NoteForm: an absent access_control is None, that is public read.
        if (!AccessControlJson.TryParse(body.Json["access_control"], out var grants, out var aclError))
        {
            body.Fail(aclError);
        }

        if (!body.IsValid)
        {
            return body.Error;
        }

        var caller = context.Caller();
        var now = services.Time.Nanoseconds();
        var note = new NoteRow
        {
            Id = Guid.NewGuid().ToString(),
            UserId = caller.Id,
            Title = title,
            Data = data is null ? null : JsonColumn.Write(data),
            Meta = meta is null ? null : JsonColumn.Write(meta),
            CreatedAt = now,
            UpdatedAt = now,
        };
        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        db.Notes.Add(note);
        db.AccessGrants.AddRange(AccessControlJson.Rows(ResourceTypes.Note, note.Id, grants!, services.Time.Seconds()));
        await db.SaveChangesAsync(context.RequestAborted);
        return Results.Json(await NoteJson.ModelAsync(db, note, context.RequestAborted));
    }

    private static async Task<IResult> GetAsync(HttpContext context, NoteServices services, string id)
    {
        var access = await services.Access.GetNoteAccessAsync(context.Caller().User, id, context.RequestAborted);
        if (!access.Exists)
        {
            return ApiErrors.NotFoundResult();
        }

        if (!access.CanRead)
        {
            return ApiErrors.Forbidden();
        }

        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var note = await db.Notes.FirstOrDefaultAsync(n => n.Id == id, context.RequestAborted);
        return note is null ? ApiErrors.NotFoundResult() : Results.Json(await NoteJson.ModelAsync(db, note, context.RequestAborted));
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, NoteServices services, string id)
    {
        var (body, error) = await ApiBody.ReadAsync(context);
        if (body is null)
        {
            return error!;
        }

        var title = body.String("title", maxLength: 1000);
        var data = body.Object("data");
        var meta = body.Object("meta");
        var content = ValidateContent(body, data);
        List<(string, string, string)>? grants = null;
        if (body.Has("access_control") && !AccessControlJson.TryParse(body.Json["access_control"], out grants, out var aclError))
        {
            body.Fail(aclError);
        }

        if (!body.IsValid)
        {
            return body.Error;
        }

        var caller = context.Caller();
        var access = await services.Access.GetNoteAccessAsync(caller.User, id, context.RequestAborted);
        if (!access.Exists)
        {
            return ApiErrors.NotFoundResult();
        }

        if (!access.CanWrite)
        {
            return ApiErrors.Forbidden();
        }

        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        var note = await db.Notes.AsTracking().FirstOrDefaultAsync(n => n.Id == id, context.RequestAborted);
        if (note is null)
        {
            return ApiErrors.NotFoundResult();
        }

        var storedJson = (JsonColumn.ParseObject(note.Data)["content"] as JsonObject)?["json"];
        note.Title = title ?? note.Title;
        note.Data = data is null ? note.Data : JsonColumn.Write(Merge(note.Data, data));
        note.Meta = meta is null ? note.Meta : JsonColumn.Write(Merge(note.Meta, meta));
        note.UpdatedAt = services.Time.Nanoseconds();
        if (grants is not null && (caller.IsAdmin || note.UserId == caller.Id))
        {
            // One SaveChanges, so one transaction: the old grants go and the new ones come together.
            db.AccessGrants.RemoveRange(await db.AccessGrants.AsTracking()
                .Where(g => g.ResourceType == ResourceTypes.Note && g.ResourceId == id).ToListAsync(context.RequestAborted));
            db.AccessGrants.AddRange(AccessControlJson.Rows(ResourceTypes.Note, id, grants, services.Time.Seconds()));
        }

        await db.SaveChangesAsync(context.RequestAborted);
        if (content is not null && !JsonNode.DeepEquals(storedJson, content.ToJson()))
        {
            await services.Documents.ReplaceContentAsync(id, content, caller.Id, context.RequestAborted);
        }

        var model = await NoteJson.ModelAsync(db, note, context.RequestAborted);
        await services.Hub.EmitNoteEventAsync(id, model);
        return Results.Json(model);
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, NoteServices services, string id)
    {
        var access = await services.Access.GetNoteAccessAsync(context.Caller().User, id, context.RequestAborted);
        if (!access.Exists)
        {
            return ApiErrors.NotFoundResult();
        }

        if (!access.CanWrite)
        {
            return ApiErrors.Forbidden();
        }

        await using var db = await services.Contexts.CreateDbContextAsync(context.RequestAborted);
        await using (var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted))
        {
            await db.AccessGrants.Where(g => g.ResourceType == ResourceTypes.Note && g.ResourceId == id).ExecuteDeleteAsync(context.RequestAborted);
            if (services.Capabilities.Tables.Contains("pinned_note"))
            {
                await db.Database.ExecuteSqlAsync($"DELETE FROM pinned_note WHERE note_id = {id}", context.RequestAborted);
            }

            await db.Notes.Where(n => n.Id == id).ExecuteDeleteAsync(context.RequestAborted);
            await transaction.CommitAsync(context.RequestAborted);
        }

        return Results.Json(true);
    }

    // The content that may become the live document: data.content.json (ProseMirror JSON) when given and not null,
    // else its html, else its md, read as the server seeds a stored note (a script that writes only Markdown reaches
    // open editors too).
    private static ProseMirrorNode? ValidateContent(ApiBody body, JsonObject? data)
    {
        if (data?["content"] is not JsonObject content)
        {
            return null;
        }

        var field = content["json"] is not null ? "json" : Text(content, "html") is not null ? "html" : Text(content, "md") is not null ? "md" : null;
        try
        {
            return field switch
            {
                "json" => ProseMirrorNode.FromJson(content["json"]!),
                "html" => HtmlNote.ToDocument(Text(content, "html")!),
                "md" => MarkdownNote.ToDocument(Text(content, "md")!),
                _ => null,
            };
        }
        catch (FormatException ex)
        {
            body.Fail($"'data.content.{field}' cannot be read as a note: " + ex.Message);
            return null;
        }
    }

    private static string? Text(JsonObject content, string name) =>
        content[name] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    // Open WebUI's update_note_by_id: the given keys replace the stored ones; a stored NULL counts as {} (G24).
    private static JsonObject Merge(string? stored, JsonObject given)
    {
        var merged = JsonColumn.ParseObject(stored);
        foreach (var (key, value) in given)
        {
            merged[key] = value?.DeepClone();
        }

        return merged;
    }
}
