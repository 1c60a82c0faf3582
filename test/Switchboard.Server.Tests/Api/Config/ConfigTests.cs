using System.Net;
using Switchboard.Server.Configuration;
using Switchboard.Server.Tests.Infrastructure;

namespace Switchboard.Server.Tests.Api.Config;

/// <summary><c>/api/config</c> and <c>/api/version</c> on a server of their own (onboarding needs an empty database).</summary>
public sealed class ConfigTests
{
    [Fact]
    public async Task GetConfig_EmptyThenSignedIn_OnboardingThenFullConfig()
    {
        var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var settings = new Dictionary<string, string?>(ApiServerFixture.Settings) { ["ENABLE_WEBSOCKET_SUPPORT"] = "false", ["WEBUI_NAME"] = "Switchboard Test" };
        await using (database)
        await using (var host = await ServerHost.StartAsync(database, settings))
        {
            using var anonymous = new ApiClient(host.Url, null);

            var empty = (await anonymous.GetAsync("/api/config")).Expect(HttpStatusCode.OK).Object;
            Assert.True(empty["onboarding"]!.GetValue<bool>());
            Assert.True(empty["status"]!.GetValue<bool>());
            Assert.Equal("Switchboard Test", empty["name"]!.GetValue<string>());
            Assert.False(empty["features"]!["enable_websocket"]!.GetValue<bool>());
            Assert.True(empty["features"]!["enable_signup"]!.GetValue<bool>());
            Assert.Null(empty["features"]!["enable_channels"]);
            Assert.Null(empty["user_count"]);

            var admin = (await anonymous.PostAsync("/api/v1/auths/signup", new { name = "A", email = "a@example.com", password = "pw" })).Expect(HttpStatusCode.OK).Object;
            var after = (await anonymous.GetAsync("/api/config")).Expect(HttpStatusCode.OK).Object;
            Assert.Null(after["onboarding"]);

            using var signedIn = new ApiClient(host.Url, admin["token"]!.GetValue<string>());
            var full = (await signedIn.GetAsync("/api/config")).Expect(HttpStatusCode.OK).Object;
            Assert.Equal(1, full["user_count"]!.GetValue<int>());
            Assert.True(full["features"]!["enable_channels"]!.GetValue<bool>());
            Assert.True(full["features"]!["enable_notes"]!.GetValue<bool>());
            Assert.True(full["permissions"]!["features"]!["notes"]!.GetValue<bool>());

            var version = (await anonymous.GetAsync("/api/version")).Expect(HttpStatusCode.OK).Object;
            Assert.Equal(full["version"]!.GetValue<string>(), version["version"]!.GetValue<string>());
        }
    }
}
