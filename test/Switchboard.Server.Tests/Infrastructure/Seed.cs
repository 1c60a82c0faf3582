using System.Text.Json.Nodes;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Tests.Infrastructure;

/// <summary>Rows for tests, written the way Open WebUI writes them (ids are fresh GUIDs so tests never collide).</summary>
internal static class Seed
{
    public static string NewId() => Guid.NewGuid().ToString();

    public static async Task<UserRow> UserAsync(ISeedDatabase host, string role = "user", string? name = null)
    {
        var id = NewId();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var user = new UserRow { Id = id, Name = name ?? "user " + id[..8], Email = id + "@example.com", Role = role, CreatedAt = now, UpdatedAt = now, LastActiveAt = now };
        await using var db = await host.DbAsync();
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    public static async Task<string> GroupAsync(ISeedDatabase host, string? permissions = null, params string[] members)
    {
        var id = NewId();
        await using var db = await host.DbAsync();
        db.Groups.Add(new GroupRow { Id = id, Name = "group " + id[..8], Permissions = permissions, CreatedAt = 1, UpdatedAt = 1 });
        foreach (var member in members)
        {
            db.GroupMembers.Add(new GroupMemberRow { Id = NewId(), GroupId = id, UserId = member, CreatedAt = 1, UpdatedAt = 1 });
        }

        await db.SaveChangesAsync();
        return id;
    }

    public static async Task GrantAsync(ISeedDatabase host, string resourceType, string resourceId, string principalType, string principalId, string permission)
    {
        await using var db = await host.DbAsync();
        db.AccessGrants.Add(new AccessGrantRow
        {
            Id = NewId(), ResourceType = resourceType, ResourceId = resourceId, PrincipalType = principalType,
            PrincipalId = principalId, Permission = permission, CreatedAt = 1,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A chat of <paramref name="userId"/> whose history has the user message and the assistant message <c>a1</c>.</summary>
    public static async Task<string> ChatAsync(ISeedDatabase host, string userId, string prompt)
    {
        var chatId = NewId();
        var chat = new JsonObject
        {
            ["title"] = "a chat",
            ["history"] = new JsonObject
            {
                ["currentId"] = "a1",
                ["messages"] = new JsonObject
                {
                    ["u1"] = new JsonObject { ["id"] = "u1", ["role"] = "user", ["content"] = prompt, ["childrenIds"] = new JsonArray("a1") },
                    ["a1"] = new JsonObject { ["id"] = "a1", ["parentId"] = "u1", ["role"] = "assistant", ["content"] = "", ["done"] = false },
                },
            },
        };
        await using var db = await host.DbAsync();
        db.Chats.Add(new ChatRow { Id = chatId, UserId = userId, Title = "a chat", Chat = chat.ToJsonString(), CreatedAt = 1, UpdatedAt = 1 });
        await db.SaveChangesAsync();
        return chatId;
    }

    public static async Task<string> NoteAsync(ISeedDatabase host, string ownerId, string? data = null)
    {
        var id = NewId();
        await using var db = await host.DbAsync();
        db.Notes.Add(new NoteRow { Id = id, UserId = ownerId, Title = "note", Data = data, CreatedAt = 1, UpdatedAt = 1 });
        await db.SaveChangesAsync();
        return id;
    }

    public static async Task<string> ChannelAsync(ISeedDatabase host, string creatorId, string? type = null, bool archived = false, bool deleted = false)
    {
        var id = NewId();
        await using var db = await host.DbAsync();
        db.Channels.Add(new ChannelRow
        {
            Id = id, UserId = creatorId, Type = type, Name = "channel-" + id[..8], CreatedAt = 1, UpdatedAt = 1,
            ArchivedAt = archived ? 2 : null, DeletedAt = deleted ? 2 : null,
        });
        await db.SaveChangesAsync();
        return id;
    }

    public static async Task<string> MemberAsync(ISeedDatabase host, string channelId, string userId, bool active = true)
    {
        var id = NewId();
        await using var db = await host.DbAsync();
        db.ChannelMembers.Add(new ChannelMemberRow { Id = id, ChannelId = channelId, UserId = userId, IsActive = active, Status = "joined", JoinedAt = 1, CreatedAt = 1, UpdatedAt = 1 });
        await db.SaveChangesAsync();
        return id;
    }
}
