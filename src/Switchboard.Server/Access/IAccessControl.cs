using Switchboard.Server.Auth;

namespace Switchboard.Server.Access;

/// <summary>
/// Open WebUI's permission rule (openwebui-schema.md, <c>access_grant</c>): the owner and admins always; anyone else
/// when a grant exists for the resource and permission with principal (<c>user</c>, <c>*</c>), (<c>user</c>, their id)
/// or (<c>group</c>, one of their groups). Read and write are independent, as in Open WebUI.
/// </summary>
public interface IAccessControl
{
    /// <summary>Whether <paramref name="user"/> holds <paramref name="permission"/> on a resource owned by <paramref name="ownerId"/>.</summary>
    Task<bool> HasAccessAsync(UserIdentity user, string resourceType, string resourceId, string? ownerId, AccessLevel permission, CancellationToken cancellationToken = default);

    /// <summary>What <paramref name="user"/> may do with note <paramref name="noteId"/>; <see cref="ResourceAccess.NotFound"/> when there is no such note.</summary>
    Task<ResourceAccess> GetNoteAccessAsync(UserIdentity user, string noteId, CancellationToken cancellationToken = default);

    /// <summary>The ids of the groups <paramref name="userId"/> belongs to.</summary>
    Task<IReadOnlyList<string>> GetGroupIdsAsync(string userId, CancellationToken cancellationToken = default);
}
