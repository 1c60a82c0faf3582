using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Access;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Api.Channels;

/// <summary>
/// Who may read and post in a channel. Group and DM channels: their active members only (admins included: a DM is
/// private to its members). Standard channels: admins and the creator; others by <c>access_grant</c> read and write
/// grants, where a public channel (<c>access_control</c> null, the <c>*</c> read grant) is also open for posting,
/// as Open WebUI's non-strict write check allows.
/// </summary>
internal static class ChannelRules
{
    public static bool IsStandard(ChannelRow channel) => channel.Type is null or "";

    public static async Task<(bool Read, bool Write)> AccessAsync(WebUIDbContext db, ApiCaller caller, ChannelRow channel, CancellationToken cancellationToken)
    {
        if (!IsStandard(channel))
        {
            var member = await db.ChannelMembers.AnyAsync(m => m.ChannelId == channel.Id && m.UserId == caller.Id && m.IsActive, cancellationToken);
            return (member, member);
        }

        if (caller.IsAdmin || channel.UserId == caller.Id)
        {
            return (true, true);
        }

        var granted = await AccessControl.Granted(db, caller.Id, ResourceTypes.Channel, null)
            .Where(g => g.ResourceId == channel.Id)
            .Select(g => new { g.Permission, g.PrincipalId, g.PrincipalType })
            .ToListAsync(cancellationToken);
        var read = granted.Any(g => g.Permission == "read");
        var isPublic = granted.Any(g => g.Permission == "read" && g.PrincipalType == ResourceTypes.UserPrincipal && g.PrincipalId == ResourceTypes.Everyone);
        return (read, granted.Any(g => g.Permission == "write") || isPublic);
    }

    /// <summary>The channel if it exists and is not deleted.</summary>
    public static Task<ChannelRow?> FindAsync(WebUIDbContext db, string id, CancellationToken cancellationToken) =>
        db.Channels.FirstOrDefaultAsync(c => c.Id == id && c.DeletedAt == null, cancellationToken);
}
