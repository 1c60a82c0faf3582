using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Server.Access;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Channels;

/// <summary>
/// Which channels a user's sockets join (openwebui-schema.md §5): group and DM channels with an active membership,
/// plus standard channels the user created or can read through <c>access_grant</c> (user, <c>*</c> or one of their
/// groups, which also fixes G19); never archived or deleted ones. Only admins and users with the
/// <c>features.channels</c> permission get channels at all.
/// </summary>
internal sealed class ChannelDirectory(IDbContextFactory<WebUIDbContext> contexts, IOptions<SwitchboardOptions> options)
{
    public async Task<IReadOnlyList<string>> GetChannelIdsAsync(UserIdentity user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await CanUseChannelsAsync(db, user, cancellationToken))
        {
            return [];
        }

        var uid = user.Id;
        var member = db.ChannelMembers.Where(m => m.UserId == uid && m.IsActive).Select(m => m.ChannelId);
        var granted = AccessControl.Granted(db, uid, ResourceTypes.Channel, "read").Select(g => g.ResourceId);
        return await db.Channels
            .Where(c => c.DeletedAt == null && c.ArchivedAt == null)
            .Where(c => member.Contains(c.Id) ||
                ((c.Type == null || c.Type == "") && (c.UserId == uid || granted.Contains(c.Id))))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="user"/> is an active member of <paramref name="channelId"/> or may read it.</summary>
    public async Task<bool> CanReadAsync(UserIdentity user, string channelId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var channel = await db.Channels.Where(c => c.Id == channelId && c.DeletedAt == null).Select(c => new { c.UserId, c.Type }).FirstOrDefaultAsync(cancellationToken);
        if (channel is null)
        {
            return false;
        }

        if (user.IsAdmin || channel.UserId == user.Id ||
            await db.ChannelMembers.AnyAsync(m => m.ChannelId == channelId && m.UserId == user.Id && m.IsActive, cancellationToken))
        {
            return true;
        }

        return channel.Type is null or "" &&
            await AccessControl.Granted(db, user.Id, ResourceTypes.Channel, "read").AnyAsync(g => g.ResourceId == channelId, cancellationToken);
    }

    /// <summary>Whether <paramref name="user"/> may use channels at all (Open WebUI's <c>features.channels</c> permission).</summary>
    public async Task<bool> CanUseChannelsAsync(UserIdentity user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await CanUseChannelsAsync(db, user, cancellationToken);
    }

    // Open WebUI's has_permission(user, "features.channels"): any of the user's groups granting it, else the default.
    private async Task<bool> CanUseChannelsAsync(WebUIDbContext db, UserIdentity user, CancellationToken cancellationToken)
    {
        if (user.IsAdmin || options.Value.UserChannelsPermission)
        {
            return true;
        }

        var groupIds = db.GroupMembers.Where(m => m.UserId == user.Id).Select(m => m.GroupId);
        var permissions = await db.Groups.Where(g => groupIds.Contains(g.Id)).Select(g => g.Permissions).ToListAsync(cancellationToken);
        return permissions.Any(p => JsonColumn.Parse(p) is JsonObject o && o["features"] is JsonObject f &&
            f["channels"] is JsonValue v && v.TryGetValue<bool>(out var allowed) && allowed);
    }
}
