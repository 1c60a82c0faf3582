using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Access;
using Switchboard.Server.Auth;
using Switchboard.Server.Channels;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Access;

/// <summary>The access_grant rule, run on SQLite and on PostgreSQL.</summary>
public abstract class AccessControlSpecification(ServerFixture fixture)
{
    private ServerHost Host => fixture.Host;

    private IAccessControl Access => Host.Services.GetRequiredService<IAccessControl>();

    private ChannelDirectory Channels => Host.Services.GetRequiredService<ChannelDirectory>();

    private static UserIdentity Identity(UserRow row) => new() { Id = row.Id, Name = row.Name!, Role = row.Role! };

    [StorageFact]
    public async Task NoteAccess_Owner_ReadsAndWrites()
    {
        var owner = await Seed.UserAsync(Host);
        var note = await Seed.NoteAsync(Host, owner.Id);

        Assert.Equal(new ResourceAccess(true, true, true), await Access.GetNoteAccessAsync(Identity(owner), note));
    }

    [StorageFact]
    public async Task NoteAccess_Admin_ReadsAndWritesAnyNote()
    {
        var owner = await Seed.UserAsync(Host);
        var admin = await Seed.UserAsync(Host, "admin");
        var note = await Seed.NoteAsync(Host, owner.Id);

        Assert.Equal(new ResourceAccess(true, true, true), await Access.GetNoteAccessAsync(Identity(admin), note));
    }

    [StorageFact]
    public async Task NoteAccess_NoGrant_Nothing()
    {
        var owner = await Seed.UserAsync(Host);
        var other = await Seed.UserAsync(Host);
        var note = await Seed.NoteAsync(Host, owner.Id);

        Assert.Equal(new ResourceAccess(true, false, false), await Access.GetNoteAccessAsync(Identity(other), note));
    }

    [StorageFact]
    public async Task NoteAccess_Missing_NotFound()
    {
        var user = await Seed.UserAsync(Host);

        Assert.Equal(ResourceAccess.NotFound, await Access.GetNoteAccessAsync(Identity(user), Seed.NewId()));
    }

    [StorageFact]
    public async Task NoteAccess_UserGrant_OnlyThatPermission()
    {
        var owner = await Seed.UserAsync(Host);
        var reader = await Seed.UserAsync(Host);
        var writer = await Seed.UserAsync(Host);
        var note = await Seed.NoteAsync(Host, owner.Id);
        await Seed.GrantAsync(Host, "note", note, "user", reader.Id, "read");
        await Seed.GrantAsync(Host, "note", note, "user", writer.Id, "write");

        Assert.Equal(new ResourceAccess(true, true, false), await Access.GetNoteAccessAsync(Identity(reader), note));

        // Read and write are independent, as in Open WebUI.
        Assert.Equal(new ResourceAccess(true, false, true), await Access.GetNoteAccessAsync(Identity(writer), note));
    }

    [StorageFact]
    public async Task NoteAccess_EveryoneGrant_AnyUserReads()
    {
        var owner = await Seed.UserAsync(Host);
        var anyone = await Seed.UserAsync(Host);
        var note = await Seed.NoteAsync(Host, owner.Id);
        await Seed.GrantAsync(Host, "note", note, "user", "*", "read");

        Assert.Equal(new ResourceAccess(true, true, false), await Access.GetNoteAccessAsync(Identity(anyone), note));
    }

    [StorageFact]
    public async Task NoteAccess_GroupGrant_MembersOnly()
    {
        var owner = await Seed.UserAsync(Host);
        var member = await Seed.UserAsync(Host);
        var outsider = await Seed.UserAsync(Host);
        var group = await Seed.GroupAsync(Host, null, member.Id);
        var note = await Seed.NoteAsync(Host, owner.Id);
        await Seed.GrantAsync(Host, "note", note, "group", group, "write");

        Assert.Equal(new ResourceAccess(true, false, true), await Access.GetNoteAccessAsync(Identity(member), note));
        Assert.Equal(new ResourceAccess(true, false, false), await Access.GetNoteAccessAsync(Identity(outsider), note));
    }

    [StorageFact]
    public async Task HasAccess_GrantForOtherResourceType_NotCounted()
    {
        var owner = await Seed.UserAsync(Host);
        var user = await Seed.UserAsync(Host);
        var note = await Seed.NoteAsync(Host, owner.Id);
        await Seed.GrantAsync(Host, "channel", note, "user", user.Id, "read");

        Assert.False(await Access.HasAccessAsync(Identity(user), "note", note, owner.Id, AccessLevel.Read));
        Assert.True(await Access.HasAccessAsync(Identity(user), "channel", note, owner.Id, AccessLevel.Read));
    }

    [StorageFact]
    public async Task ChannelIds_EveryKindOfChannel_OnlyTheReachableOnes()
    {
        var user = await Seed.UserAsync(Host);
        var other = await Seed.UserAsync(Host);
        var group = await Seed.GroupAsync(Host, null, user.Id);

        var created = await Seed.ChannelAsync(Host, user.Id);
        var grantedToUser = await Seed.ChannelAsync(Host, other.Id);
        await Seed.GrantAsync(Host, "channel", grantedToUser, "user", user.Id, "read");
        var grantedToGroup = await Seed.ChannelAsync(Host, other.Id);
        await Seed.GrantAsync(Host, "channel", grantedToGroup, "group", group, "read");
        var publicChannel = await Seed.ChannelAsync(Host, other.Id);
        await Seed.GrantAsync(Host, "channel", publicChannel, "user", "*", "read");
        var dm = await Seed.ChannelAsync(Host, other.Id, "dm");
        await Seed.MemberAsync(Host, dm, user.Id);
        var groupChannel = await Seed.ChannelAsync(Host, other.Id, "group");
        await Seed.MemberAsync(Host, groupChannel, user.Id);

        var privateOther = await Seed.ChannelAsync(Host, other.Id);
        var leftDm = await Seed.ChannelAsync(Host, other.Id, "dm");
        await Seed.MemberAsync(Host, leftDm, user.Id, active: false);
        var foreignDm = await Seed.ChannelAsync(Host, other.Id, "dm");
        await Seed.MemberAsync(Host, foreignDm, other.Id);
        var dmGrantOnly = await Seed.ChannelAsync(Host, other.Id, "dm");
        await Seed.GrantAsync(Host, "channel", dmGrantOnly, "user", "*", "read");
        var archived = await Seed.ChannelAsync(Host, user.Id, archived: true);
        var deleted = await Seed.ChannelAsync(Host, user.Id, deleted: true);
        var writeOnly = await Seed.ChannelAsync(Host, other.Id);
        await Seed.GrantAsync(Host, "channel", writeOnly, "user", user.Id, "write");

        var ids = await Channels.GetChannelIdsAsync(Identity(user));

        string[] expected = [created, grantedToUser, grantedToGroup, publicChannel, dm, groupChannel];
        foreach (var id in expected)
        {
            Assert.Contains(id, ids);
        }

        foreach (var id in new[] { privateOther, leftDm, foreignDm, dmGrantOnly, archived, deleted, writeOnly })
        {
            Assert.DoesNotContain(id, ids);
        }
    }
}
