using System.Net;
using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Auths;

/// <summary>Sign-up on a server of its own: the first account of an empty database, <c>ENABLE_SIGNUP</c>, <c>DEFAULT_USER_ROLE</c>.</summary>
public sealed class SignUpSettingsTests
{
    private static async Task<(ServerHost Host, TestDatabase Database)> StartAsync(params (string Key, string Value)[] settings)
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var values = new Dictionary<string, string?>(ApiServerFixture.Settings);
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        return (await ServerHost.StartAsync(database, values), database);
    }

    private static Task<ApiResponse> SignUpAsync(ApiClient client, string email) =>
        client.PostAsync("/api/v1/auths/signup", new { name = "Someone", email, password = "pw" });

    [Fact]
    public async Task SignUp_EmptyDatabaseSignupDisabled_FirstIsAdminThenRefused()
    {
        var (host, database) = await StartAsync(("ENABLE_SIGNUP", "false"));
        await using (database)
        await using (host)
        {
            using var client = new ApiClient(host.Url, null);

            var first = (await SignUpAsync(client, "first@example.com")).Expect(HttpStatusCode.OK);
            var second = (await SignUpAsync(client, "second@example.com")).Expect(HttpStatusCode.Forbidden);

            Assert.Equal("admin", first.Object["role"]!.GetValue<string>());
            Assert.NotNull(second.Detail);
        }
    }

    [Fact]
    public async Task SignUp_DefaultUserRoleUser_LaterAccountsAreUsers()
    {
        var (host, database) = await StartAsync(("DEFAULT_USER_ROLE", "user"));
        await using (database)
        await using (host)
        {
            using var client = new ApiClient(host.Url, null);

            (await SignUpAsync(client, "first@example.com")).Expect(HttpStatusCode.OK);
            var second = (await SignUpAsync(client, "second@example.com")).Expect(HttpStatusCode.OK);

            Assert.Equal("user", second.Object["role"]!.GetValue<string>());
        }
    }
}
