using System.Net;
using Microsoft.EntityFrameworkCore;
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

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    public async Task SignUp_ConcurrentFirstSignUpsOnTwoInstances_ExactlyOneAdmin(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.PostgreSql && PostgresServer.ConnectionString is null)
        {
            Assert.False(PostgresServer.RequiredByCI, "SWITCHBOARD_TEST_POSTGRES is not set");
            return;
        }

        await using var database = await TestDatabase.CreateAsync(provider);
        var settings = new Dictionary<string, string?>(ApiServerFixture.Settings);
        await using var first = await ServerHost.StartAsync(database, settings);
        await using var second = await ServerHost.StartAsync(database, settings);
        using var a = new ApiClient(first.Url, null);
        using var b = new ApiClient(second.Url, null);

        // Twelve sign-ups on an empty database at once, half through each instance: each sees no account yet.
        var responses = await Task.WhenAll(Enumerable.Range(0, 12)
            .Select(i => SignUpAsync(i % 2 == 0 ? a : b, $"racer{i}@example.com")))
            .WaitAsync(TimeSpan.FromSeconds(60));

        var roles = responses.Select(r => r.Expect(HttpStatusCode.OK).Object["role"]!.GetValue<string>()).ToList();
        Assert.Equal(1, roles.Count(r => r == "admin"));
        Assert.Equal(11, roles.Count(r => r == "pending"));
        await using var db = await first.DbAsync();
        Assert.Equal(1, await db.Users.CountAsync(u => u.Role == "admin"));
        Assert.Equal(12, await db.Users.CountAsync());
    }

    [Fact]
    public async Task SignUp_EveryAccountDeletedSinceTheFirst_NextSignUpIsAdminAgain()
    {
        var (host, database) = await StartAsync();
        await using (database)
        await using (host)
        {
            using var client = new ApiClient(host.Url, null);
            (await SignUpAsync(client, "first@example.com")).Expect(HttpStatusCode.OK);
            await using (var db = await host.DbAsync())
            {
                await db.Auths.ExecuteDeleteAsync();
                await db.Users.ExecuteDeleteAsync();
            }

            var again = (await SignUpAsync(client, "again@example.com")).Expect(HttpStatusCode.OK);
            var later = (await SignUpAsync(client, "later@example.com")).Expect(HttpStatusCode.OK);

            Assert.Equal("admin", again.Object["role"]!.GetValue<string>());
            Assert.Equal("pending", later.Object["role"]!.GetValue<string>());
        }
    }
}
