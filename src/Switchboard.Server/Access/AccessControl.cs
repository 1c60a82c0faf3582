using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Auth;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Access;

/// <summary>The <see cref="IAccessControl"/> over <c>access_grant</c> and <c>group_member</c>, one query per check.</summary>
internal sealed class AccessControl(IDbContextFactory<WebUIDbContext> contexts) : IAccessControl
{
    // Compiled once (the note check runs on every join and on each editor's periodic recheck): building and looking up
    // the LINQ query each time cost more than the lookups. The grant rule is the one Granted spells out.
    private static readonly CompiledQuery<Func<WebUIDbContext, string, CancellationToken, Task<NoteOwner?>>> NoteOwnerById = new(() => EF.CompileAsyncQuery(
        (WebUIDbContext db, string noteId, CancellationToken cancellationToken) =>
            db.Notes.Where(n => n.Id == noteId).Select(n => new NoteOwner(n.UserId)).FirstOrDefault()));

    private static readonly CompiledQuery<Func<WebUIDbContext, string, string, IAsyncEnumerable<string>>> NotePermissions = new(() => EF.CompileAsyncQuery(
        (WebUIDbContext db, string userId, string noteId) =>
            db.AccessGrants.Where(g => g.ResourceType == ResourceTypes.Note && g.ResourceId == noteId &&
                ((g.PrincipalType == ResourceTypes.UserPrincipal && (g.PrincipalId == ResourceTypes.Everyone || g.PrincipalId == userId)) ||
                 (g.PrincipalType == ResourceTypes.GroupPrincipal && db.GroupMembers.Where(m => m.UserId == userId).Select(m => m.GroupId).Contains(g.PrincipalId))))
            .Select(g => g.Permission)
            .Distinct()));

    public async Task<bool> HasAccessAsync(UserIdentity user, string resourceType, string resourceId, string? ownerId, AccessLevel permission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.IsAdmin || (ownerId is not null && ownerId == user.Id))
        {
            return true;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Granted(db, user.Id, resourceType, permission.Name()).AnyAsync(g => g.ResourceId == resourceId, cancellationToken);
    }

    public async Task<ResourceAccess> GetNoteAccessAsync(UserIdentity user, string noteId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var note = await NoteOwnerById.For(db)(db, noteId, cancellationToken);
        if (note is null)
        {
            return ResourceAccess.NotFound;
        }

        if (user.IsAdmin || note.UserId == user.Id)
        {
            return new ResourceAccess(true, true, true);
        }

        var (read, write) = (false, false);
        await foreach (var permission in NotePermissions.For(db)(db, user.Id, noteId).WithCancellation(cancellationToken))
        {
            read |= permission == "read";
            write |= permission == "write";
        }

        return new ResourceAccess(true, read, write);
    }

    public async Task<IReadOnlyList<string>> GetGroupIdsAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.GroupMembers.Where(m => m.UserId == userId).Select(m => m.GroupId).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The grants that reach <paramref name="userId"/> on resources of <paramref name="resourceType"/>: principal
    /// (<c>user</c>, <c>*</c>), (<c>user</c>, the id) or (<c>group</c>, a group of the user); one permission or both.
    /// </summary>
    internal static IQueryable<AccessGrantRow> Granted(WebUIDbContext db, string userId, string resourceType, string? permission)
    {
        var groups = db.GroupMembers.Where(m => m.UserId == userId).Select(m => m.GroupId);
        var grants = db.AccessGrants.Where(g => g.ResourceType == resourceType &&
            ((g.PrincipalType == ResourceTypes.UserPrincipal && (g.PrincipalId == ResourceTypes.Everyone || g.PrincipalId == userId)) ||
             (g.PrincipalType == ResourceTypes.GroupPrincipal && groups.Contains(g.PrincipalId))));
        return permission is null ? grants : grants.Where(g => g.Permission == permission);
    }
}
