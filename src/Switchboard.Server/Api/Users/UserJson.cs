using System.Text.Json.Nodes;
using Switchboard.Server.Storage;
using Switchboard.Server.Storage.Entities;

namespace Switchboard.Server.Api.Users;

/// <summary>The user shapes of Open WebUI's API (<c>UserModel</c>, <c>UserNameResponse</c>).</summary>
internal static class UserJson
{
    /// <summary>The shown profile image: the stored one, else <c>/api/v1/users/{id}/profile/image</c>.</summary>
    public static string ProfileImage(UserRow user) =>
        string.IsNullOrEmpty(user.ProfileImageUrl) ? $"/api/v1/users/{user.Id}/profile/image" : user.ProfileImageUrl;

    /// <summary><c>UserModel</c>: what an admin and the user themselves see.</summary>
    public static JsonObject Model(UserRow user) => new()
    {
        ["id"] = user.Id,
        ["name"] = user.Name,
        ["email"] = user.Email,
        ["role"] = user.Role,
        ["profile_image_url"] = ProfileImage(user),
        ["last_active_at"] = user.LastActiveAt,
        ["updated_at"] = user.UpdatedAt,
        ["created_at"] = user.CreatedAt,
        ["settings"] = JsonColumn.Parse(user.Settings),
        ["info"] = JsonColumn.Parse(user.Info),
    };

    /// <summary><c>UserNameResponse</c>: <c>{id, name, role}</c> (plus the image, as message responses carry it).</summary>
    public static JsonObject Name(UserRow? user, string id) => new()
    {
        ["id"] = id,
        ["name"] = user?.Name,
        ["role"] = user?.Role,
        ["profile_image_url"] = user is null ? null : ProfileImage(user),
    };
}
