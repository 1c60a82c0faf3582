using System.Net;
using Microsoft.EntityFrameworkCore;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Users;

/// <summary><c>/api/v1/users</c> on both databases, with the socket effects of role changes and deletion.</summary>
public abstract class UserSpecification(ApiServerFixture fixture) : ApiSpecification(fixture)
{
    [StorageFact]
    public async Task List_Admin_PagesWithTotalAndQuery()
    {
        var (_, admin) = await UserAsync("admin");
        var (target, _) = await UserAsync("user", "Zebulon " + Guid.NewGuid().ToString("N")[..6]);

        var all = (await admin.GetAsync("/api/v1/users/")).Expect(HttpStatusCode.OK).Object;
        var found = (await admin.GetAsync("/api/v1/users/?query=" + Uri.EscapeDataString(target.Name!.ToUpperInvariant()))).Expect(HttpStatusCode.OK).Object;

        Assert.True(all["total"]!.GetValue<int>() >= 3);
        Assert.True(all["users"]!.AsArray().Count <= 30);
        Assert.Equal(1, found["total"]!.GetValue<int>());
        Assert.Equal(target.Id, found["users"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(target.Email, found["users"]![0]!["email"]!.GetValue<string>());
    }

    [StorageFact]
    public async Task List_NotAdmin_403()
    {
        var (_, user) = await UserAsync("user");

        (await user.GetAsync("/api/v1/users/")).Expect(HttpStatusCode.Forbidden);
        (await Anonymous().GetAsync("/api/v1/users/")).Expect(HttpStatusCode.Unauthorized);
    }

    [StorageFact]
    public async Task Get_OtherUser_NameOnlyForUsersEverythingForAdmins()
    {
        var (target, _) = await UserAsync("user");
        var (_, user) = await UserAsync("user");
        var (_, admin) = await UserAsync("admin");

        var seenByUser = (await user.GetAsync("/api/v1/users/" + target.Id)).Expect(HttpStatusCode.OK).Object;
        var seenByAdmin = (await admin.GetAsync("/api/v1/users/" + target.Id)).Expect(HttpStatusCode.OK).Object;
        (await user.GetAsync("/api/v1/users/" + Guid.NewGuid())).Expect(HttpStatusCode.NotFound);

        Assert.Equal(target.Name, seenByUser["name"]!.GetValue<string>());
        Assert.Null(seenByUser["email"]);
        Assert.True(seenByUser["active"]!.GetValue<bool>());
        Assert.Equal(target.Email, seenByAdmin["email"]!.GetValue<string>());
    }

    [StorageFact]
    public async Task Update_RoleToPending_DisconnectsTheirSocketsWhichThenJoinNothing()
    {
        var (target, targetClient) = await UserAsync("user");
        var (_, admin) = await UserAsync("admin");
        var socket = await ConnectAsync(targetClient);
        var bystander = await ConnectAsync(admin);

        var updated = (await admin.PostAsync($"/api/v1/users/{target.Id}/update", new { role = "pending" })).Expect(HttpStatusCode.OK).Object;

        Assert.Equal("pending", updated["role"]!.GetValue<string>());
        var error = await socket.NextAsync("error");
        Assert.Equal("role_changed", error!["reason"]!.GetValue<string>());
        await socket.WaitDisconnectedAsync();
        Assert.DoesNotContain("error", await bystander.BarrierAsync());
        (await targetClient.GetAsync("/api/v1/auths/")).Expect(HttpStatusCode.OK);
        (await targetClient.GetAsync("/api/v1/users/" + target.Id)).Expect(HttpStatusCode.Forbidden);
    }

    [StorageFact]
    public async Task Update_NameOnly_KeepsSocketsAndRole()
    {
        var (target, targetClient) = await UserAsync("user");
        var (_, admin) = await UserAsync("admin");
        var socket = await ConnectAsync(targetClient);

        var updated = (await admin.PostAsync($"/api/v1/users/{target.Id}/update", new { name = "Renamed" })).Expect(HttpStatusCode.OK).Object;

        Assert.Equal("Renamed", updated["name"]!.GetValue<string>());
        Assert.Equal("user", updated["role"]!.GetValue<string>());
        Assert.Empty(await socket.BarrierAsync());
        Assert.False(socket.Disconnected);
    }

    [StorageFact]
    public async Task Update_BadInputOrPermission_RefusedAndUnchanged()
    {
        var (target, targetClient) = await UserAsync("user");
        var (_, admin) = await UserAsync("admin");
        var (other, _) = await UserAsync("user");

        (await targetClient.PostAsync($"/api/v1/users/{target.Id}/update", new { role = "admin" })).Expect(HttpStatusCode.Forbidden);
        (await admin.PostAsync($"/api/v1/users/{target.Id}/update", new { role = "owner" })).Expect(HttpStatusCode.BadRequest);
        (await admin.PostAsync($"/api/v1/users/{target.Id}/update", new { email = other.Email })).Expect(HttpStatusCode.BadRequest);
        (await admin.PostAsync($"/api/v1/users/{target.Id}/update", "[]")).Expect(HttpStatusCode.BadRequest);
        (await admin.PostAsync($"/api/v1/users/{Guid.NewGuid()}/update", new { role = "user" })).Expect(HttpStatusCode.NotFound);
        (await admin.PostAsync($"/api/v1/users/{ApiServerFixture.PrimaryAdminId}/update", new { role = "user" })).Expect(HttpStatusCode.Forbidden);

        await using var db = await Host.DbAsync();
        var row = await db.Users.SingleAsync(u => u.Id == target.Id);
        Assert.Equal("user", row.Role);
        Assert.Equal(target.Email, row.Email);
    }

    [StorageFact]
    public async Task Delete_ByAdmin_RemovesUserChatsAndTokensDisconnectsSockets()
    {
        var (target, targetClient) = await UserAsync("user");
        var (_, admin) = await UserAsync("admin");
        var socket = await ConnectAsync(targetClient);
        await using (var db = await Host.DbAsync())
        {
            db.Chats.Add(new ChatRow { Id = Seed.NewId(), UserId = target.Id, Title = "t", Chat = "{}", CreatedAt = 1, UpdatedAt = 1 });
            await db.SaveChangesAsync();
        }

        var deleted = (await admin.DeleteAsync("/api/v1/users/" + target.Id)).Expect(HttpStatusCode.OK);

        Assert.True(deleted.Json!.GetValue<bool>());
        await socket.WaitDisconnectedAsync();
        (await targetClient.GetAsync("/api/v1/auths/")).Expect(HttpStatusCode.Unauthorized);
        await using var check = await Host.DbAsync();
        Assert.False(await check.Users.AnyAsync(u => u.Id == target.Id));
        Assert.False(await check.Chats.AnyAsync(c => c.UserId == target.Id));
    }

    [StorageFact]
    public async Task Delete_SelfPrimaryUnknownOrNotAdmin_Refused()
    {
        var (admin, adminClient) = await UserAsync("admin");
        var (target, user) = await UserAsync("user");

        (await adminClient.DeleteAsync("/api/v1/users/" + admin.Id)).Expect(HttpStatusCode.Forbidden);
        (await adminClient.DeleteAsync("/api/v1/users/" + ApiServerFixture.PrimaryAdminId)).Expect(HttpStatusCode.Forbidden);
        (await adminClient.DeleteAsync("/api/v1/users/" + Guid.NewGuid())).Expect(HttpStatusCode.NotFound);
        (await user.DeleteAsync("/api/v1/users/" + admin.Id)).Expect(HttpStatusCode.Forbidden);

        await using var db = await Host.DbAsync();
        Assert.True(await db.Users.AnyAsync(u => u.Id == admin.Id));
        Assert.True(await db.Users.AnyAsync(u => u.Id == target.Id));
    }

    [StorageFact]
    public async Task ProfileImage_StoredDataUrl_ServedWithItsTypeToACookieRequest()
    {
        var (target, _) = await UserAsync("user");
        var (_, viewer) = await UserAsync("user");
        byte[] gif = [0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x3b];
        await SetProfileImageAsync(target.Id, "data:image/gif;base64," + Convert.ToBase64String(gif));

        using var response = await ImageRequestAsync(target.Id, viewer.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/gif", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(gif, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("sandbox", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [StorageFact]
    public async Task ProfileImage_StoredHttpsUrl_RedirectsThere()
    {
        var (target, _) = await UserAsync("user");
        var (_, viewer) = await UserAsync("user");
        await SetProfileImageAsync(target.Id, "https://images.example.com/me.png");

        using var response = await ImageRequestAsync(target.Id, viewer.Token);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("https://images.example.com/me.png", response.Headers.Location?.ToString());
    }

    [StorageFact]
    public async Task ProfileImage_DefaultOrUnreadable_DefaultPngAndOnlyForSignedInUsers()
    {
        var (target, _) = await UserAsync("user");
        var (broken, _) = await UserAsync("user");
        var (_, viewer) = await UserAsync("user");
        await SetProfileImageAsync(target.Id, "/user.png");
        await SetProfileImageAsync(broken.Id, "data:image/png;base64,@@not base64@@");

        foreach (var id in new[] { target.Id, broken.Id })
        {
            using var response = await ImageRequestAsync(id, viewer.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal([0x89, 0x50, 0x4e, 0x47], (await response.Content.ReadAsByteArrayAsync())[..4]);
        }

        using var anonymous = await ImageRequestAsync(target.Id, null);
        using var unknown = await ImageRequestAsync(Guid.NewGuid().ToString(), viewer.Token);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task SetProfileImageAsync(string userId, string url)
    {
        await using var db = await Host.DbAsync();
        await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(r => r.ProfileImageUrl, url));
    }

    // As a browser's <img> asks: the token cookie, no Authorization header, redirects not followed.
    private async Task<HttpResponseMessage> ImageRequestAsync(string userId, string? token)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false };
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(Host.Url), Timeout = ApiClient.Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/users/{userId}/profile/image");
        if (token is not null)
        {
            request.Headers.Add("Cookie", "token=" + token);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
