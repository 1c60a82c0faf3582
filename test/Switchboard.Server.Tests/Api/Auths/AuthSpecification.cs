using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Switchboard.Server.Sessions;
using Switchboard.Server.Storage.Entities;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Auths;

/// <summary><c>/api/v1/auths</c> on both databases: sign-up, sign-in, add, session, sign-out, and the pending role.</summary>
public abstract class AuthSpecification(ApiServerFixture fixture) : ApiSpecification(fixture)
{
    private static string NewEmail() => $"u{Guid.NewGuid():N}@example.com";

    private async Task<ApiResponse> SignUpAsync(string email, string password = "pässword 1")
    {
        await Seed.UserAsync(Host, "admin"); // never the first user of the database
        return await Anonymous().PostAsync("/api/v1/auths/signup", new { name = "New Person", email, password });
    }

    [StorageFact]
    public async Task SignUp_LaterUser_PendingWithTokenAndCookie()
    {
        var email = NewEmail();

        var response = (await SignUpAsync(email.ToUpperInvariant())).Expect(HttpStatusCode.OK);

        var json = response.Object;
        Assert.Equal("pending", json["role"]!.GetValue<string>());
        Assert.Equal(email, json["email"]!.GetValue<string>());
        Assert.Equal("New Person", json["name"]!.GetValue<string>());
        Assert.Equal("Bearer", json["token_type"]!.GetValue<string>());
        Assert.Equal("/user.png", json["profile_image_url"]!.GetValue<string>());
        Assert.NotNull(json["expires_at"]);
        Assert.Contains(response.Cookies, c => c.StartsWith("token=" + json["token"]!.GetValue<string>(), StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        await using var db = await Host.DbAsync();
        var auth = await db.Auths.SingleAsync(a => a.Id == json["id"]!.GetValue<string>());
        Assert.StartsWith("$2b$", auth.Password, StringComparison.Ordinal);
    }

    [StorageFact]
    public async Task SignUp_TakenEmail_400AndNothingWritten()
    {
        var email = NewEmail();
        (await SignUpAsync(email)).Expect(HttpStatusCode.OK);

        var again = (await SignUpAsync(email.ToUpperInvariant())).Expect(HttpStatusCode.BadRequest);

        Assert.Contains("already registered", again.Detail, StringComparison.Ordinal);
        await using var db = await Host.DbAsync();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Email == email));
    }

    [StorageFact]
    public async Task SignUp_BadBodies_400WithDetail()
    {
        var anonymous = Anonymous();
        string[] bodies =
        [
            "not json", "[1,2]", "{}", """{"name":"a","email":"nobody","password":"x"}""",
            """{"name":"a","email":"a@b.co","password":""}""", """{"name":"","email":"a@b.co","password":"x"}""",
            """{"name":1,"email":"a@b.co","password":"x"}""",
            "{\"name\":\"a\",\"email\":\"a@b.co\",\"password\":\"" + new string('x', 73) + "\"}",
        ];
        foreach (var body in bodies)
        {
            var response = await anonymous.SendAsync(HttpMethod.Post, "/api/v1/auths/signup", body);
            response.Expect(HttpStatusCode.BadRequest);
            Assert.False(string.IsNullOrEmpty(response.Detail), body);
        }
    }

    [StorageFact]
    public async Task SignIn_RightPassword_SessionTokenThatWorks()
    {
        var email = NewEmail();
        (await SignUpAsync(email, "right one")).Expect(HttpStatusCode.OK);

        var signIn = (await Anonymous().PostAsync("/api/v1/auths/signin", new { email = email.ToUpperInvariant(), password = "right one" })).Expect(HttpStatusCode.OK);
        var session = (await Client(signIn.Object["token"]!.GetValue<string>()).GetAsync("/api/v1/auths/")).Expect(HttpStatusCode.OK);

        Assert.Equal(signIn.Object["id"]!.GetValue<string>(), session.Object["id"]!.GetValue<string>());
        Assert.Equal("pending", session.Object["role"]!.GetValue<string>());
        Assert.Equal(signIn.Object["token"]!.GetValue<string>(), session.Object["token"]!.GetValue<string>());
    }

    [StorageFact]
    public async Task SignIn_WrongPasswordOrUnknownEmail_400()
    {
        var email = NewEmail();
        (await SignUpAsync(email, "right one")).Expect(HttpStatusCode.OK);

        var wrong = (await Anonymous().PostAsync("/api/v1/auths/signin", new { email, password = "wrong one" })).Expect(HttpStatusCode.BadRequest);
        (await Anonymous().PostAsync("/api/v1/auths/signin", new { email = NewEmail(), password = "right one" })).Expect(HttpStatusCode.BadRequest);
        (await Anonymous().PostAsync("/api/v1/auths/signin", new { email })).Expect(HttpStatusCode.BadRequest);

        Assert.Contains("incorrect", wrong.Detail, StringComparison.Ordinal);
    }

    [StorageFact]
    public async Task SignIn_Argon2idHashFromOpenWebUI_Accepted()
    {
        var user = await Seed.UserAsync(Host);
        await using (var db = await Host.DbAsync())
        {
            // argon2-cffi (python3-argon2) of "correct horse"; see PasswordHasherTests.
            db.Auths.Add(new AuthRow { Id = user.Id, Email = user.Email, Password = "$argon2id$v=19$m=1024,t=2,p=2$2inae+DcYO2z//Vdy8vY5g$61j8Imsr2DeQOUS5zX8RbQ", Active = true });
            await db.SaveChangesAsync();
        }

        (await Anonymous().PostAsync("/api/v1/auths/signin", new { email = user.Email, password = "correct horse" })).Expect(HttpStatusCode.OK);
        (await Anonymous().PostAsync("/api/v1/auths/signin", new { email = user.Email, password = "correct horsf" })).Expect(HttpStatusCode.BadRequest);
    }

    [StorageFact]
    public async Task Add_ByAdmin_AccountWithThatRoleSignsIn()
    {
        var (_, admin) = await UserAsync("admin");
        var email = NewEmail();

        var added = (await admin.PostAsync("/api/v1/auths/add", new { name = "Added", email, password = "pw added", role = "user" })).Expect(HttpStatusCode.OK);

        Assert.Equal("user", added.Object["role"]!.GetValue<string>());
        Assert.NotNull(added.Object["token"]);
        var signIn = (await Anonymous().PostAsync("/api/v1/auths/signin", new { email, password = "pw added" })).Expect(HttpStatusCode.OK);
        Assert.Equal("user", signIn.Object["role"]!.GetValue<string>());
    }

    [StorageFact]
    public async Task Add_NotAdmin_403Or401AndNothingWritten()
    {
        var (_, user) = await UserAsync("user");
        var email = NewEmail();

        (await user.PostAsync("/api/v1/auths/add", new { name = "X", email, password = "pw", role = "admin" })).Expect(HttpStatusCode.Forbidden);
        (await Anonymous().PostAsync("/api/v1/auths/add", new { name = "X", email, password = "pw", role = "admin" })).Expect(HttpStatusCode.Unauthorized);
        (await Client("not-a-token").PostAsync("/api/v1/auths/add", new { name = "X", email, password = "pw", role = "admin" })).Expect(HttpStatusCode.Unauthorized);

        await using var db = await Host.DbAsync();
        Assert.False(await db.Users.AnyAsync(u => u.Email == email));
    }

    [StorageFact]
    public async Task Add_UnknownRole_400()
    {
        var (_, admin) = await UserAsync("admin");

        (await admin.PostAsync("/api/v1/auths/add", new { name = "X", email = NewEmail(), password = "pw", role = "root" })).Expect(HttpStatusCode.BadRequest);
    }

    [StorageFact]
    public async Task Pending_SignsInButSocketJoinsNothingAndApiRefuses()
    {
        var email = NewEmail();
        var signUp = (await SignUpAsync(email)).Expect(HttpStatusCode.OK);
        var pending = Client(signUp.Object["token"]!.GetValue<string>());

        (await pending.GetAsync("/api/v1/auths/")).Expect(HttpStatusCode.OK);
        (await pending.PostAsync("/api/v1/auths/add", new { name = "X", email = NewEmail(), password = "pw" })).Expect(HttpStatusCode.Forbidden);
        (await pending.GetAsync("/api/v1/users/" + signUp.Object["id"]!.GetValue<string>())).Expect(HttpStatusCode.Forbidden);
        (await pending.GetAsync("/api/v1/notes/")).Expect(HttpStatusCode.Forbidden);
        (await pending.PostAsync("/api/v1/notes/create", new { title = "x" })).Expect(HttpStatusCode.Forbidden);
        (await pending.GetAsync("/api/v1/channels/")).Expect(HttpStatusCode.Forbidden);
        (await pending.GetAsync("/api/v1/channels/users/" + signUp.Object["id"]!.GetValue<string>())).Expect(HttpStatusCode.Forbidden);
        (await pending.GetAsync("/api/v1/chats/")).Expect(HttpStatusCode.Forbidden);
        (await pending.PostAsync("/api/v1/chats/new", new { chat = new { title = "x" } })).Expect(HttpStatusCode.Forbidden);

        var socket = await ConnectAsync(pending);
        Assert.True(Host.Services.GetRequiredService<SessionRegistry>().TryGet(socket.Sid, out var session));
        Assert.Null(session.User);
    }

    [StorageFact]
    public async Task SignOut_RevokesTheTokenAndDisconnectsItsSocket()
    {
        var (_, user) = await UserAsync("user");
        var socket = await ConnectAsync(user);
        (await user.GetAsync("/api/v1/auths/")).Expect(HttpStatusCode.OK);

        var signOut = (await user.GetAsync("/api/v1/auths/signout")).Expect(HttpStatusCode.OK);

        Assert.True(signOut.Object["status"]!.GetValue<bool>());
        (await user.GetAsync("/api/v1/auths/")).Expect(HttpStatusCode.Unauthorized);
        await socket.WaitDisconnectedAsync();
    }

    [StorageFact]
    public async Task Session_NoOrBadToken_401()
    {
        (await Anonymous().GetAsync("/api/v1/auths/")).Expect(HttpStatusCode.Unauthorized);
        (await Client("sk-0123456789abcdef").GetAsync("/api/v1/auths/")).Expect(HttpStatusCode.Unauthorized);
    }
}
