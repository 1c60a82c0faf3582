using System.Data.Common;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Switchboard.Server.Auth;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage;
using Switchboard.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Switchboard.Server.Tests.OpenWebUI;

/// <summary>
/// A database built the way Open WebUI 0.11 leaves it (its DDL, rows with a bcrypt <c>$2b$</c> password hash and a
/// token signed with the deployment's secret, both made by Python's bcrypt and PyJWT), then the server started on it
/// with Open WebUI's environment names: the user's token joins the user's channels, and the schema is left as it was.
/// </summary>
public abstract class OpenWebUIDatabaseSpecification(DatabaseProvider provider, ITestOutputHelper output)
{
    [StorageFact]
    public async Task ExistingDatabase_TokenOfItsDeploymentJoinsTheUsersChannels_SchemaUntouched()
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var secret = "deployment-secret-" + Guid.NewGuid().ToString("N");
        await using (var connection = await OpenAsync(database))
        {
            await ExecuteAsync(connection, await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "OpenWebUI",
                provider == DatabaseProvider.Sqlite ? "openwebui-0.11.sqlite.sql" : "openwebui-0.11.postgres.sql")));
        }

        var alice = Guid.NewGuid().ToString();
        var bob = Guid.NewGuid().ToString();
        var made = await MakeTokenAndHashAsync(secret, alice, "correct horse");
        output.WriteLine($"token and $2b$ hash made by {made.MadeBy}");
        Assert.StartsWith("$2b$12$", made.Hash, StringComparison.Ordinal);
        Assert.True(BCrypt.Net.BCrypt.Verify("correct horse", made.Hash));

        var ns = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var s = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (group, byGroup, dm, everyone, own, closedPrivate, closedArchived, closedDm) =
            ("g-" + alice, "c-group", "c-dm", "c-everyone", "c-own", "c-private", "c-archived", "c-foreign-dm");
        await using (var connection = await OpenAsync(database))
        {
            var t = provider == DatabaseProvider.Sqlite ? "1" : "true";
            var f = provider == DatabaseProvider.Sqlite ? "0" : "false";
            await ExecuteAsync(connection, $"""
                INSERT INTO "user" (id, name, email, role, profile_image_url, settings, info, last_active_at, updated_at, created_at)
                VALUES ('{alice}', 'Alice', 'alice@example.com', 'user', '/user.png', '{"{"}"ui": {"{}"}{"}"}', NULL, {s}, {s}, {s}),
                       ('{bob}', 'Bob', 'bob@example.com', 'admin', '', NULL, NULL, {s}, {s}, {s});
                INSERT INTO auth (id, email, password, active) VALUES ('{alice}', 'alice@example.com', '{made.Hash}', {t});
                INSERT INTO "group" (id, user_id, name, description, permissions, created_at, updated_at)
                VALUES ('{group}', '{bob}', 'Engineering', '', '{"{"}"features": {"{"}"channels": true{"}"}{"}"}', {s}, {s});
                INSERT INTO group_member (id, group_id, user_id, created_at, updated_at) VALUES ('gm-{alice}', '{group}', '{alice}', {s}, {s});
                INSERT INTO channel (id, user_id, type, name, is_private, created_at, updated_at) VALUES
                  ('{byGroup}', '{bob}', NULL, 'engineering', {f}, {ns}, {ns}),
                  ('{dm}', '{bob}', 'dm', '', {t}, {ns}, {ns}),
                  ('{everyone}', '{bob}', '', 'general', {f}, {ns}, {ns}),
                  ('{own}', '{alice}', NULL, 'alices', {f}, {ns}, {ns}),
                  ('{closedPrivate}', '{bob}', NULL, 'secret', {t}, {ns}, {ns}),
                  ('{closedDm}', '{bob}', 'dm', '', {t}, {ns}, {ns});
                INSERT INTO channel (id, user_id, type, name, created_at, updated_at, archived_at, archived_by)
                VALUES ('{closedArchived}', '{bob}', NULL, 'old', {ns}, {ns}, {ns}, '{bob}');
                INSERT INTO channel_member (id, channel_id, user_id, role, status, is_active, joined_at, created_at, updated_at) VALUES
                  ('m1', '{dm}', '{alice}', NULL, 'joined', {t}, {ns}, {ns}, {ns}),
                  ('m2', '{dm}', '{bob}', NULL, 'joined', {t}, {ns}, {ns}, {ns}),
                  ('m3', '{closedDm}', '{bob}', NULL, 'joined', {t}, {ns}, {ns}, {ns});
                INSERT INTO access_grant (id, resource_type, resource_id, principal_type, principal_id, permission, created_at) VALUES
                  ('a1', 'channel', '{byGroup}', 'group', '{group}', 'read', {s}),
                  ('a2', 'channel', '{everyone}', 'user', '*', 'read', {s}),
                  ('a3', 'channel', '{closedArchived}', 'user', '*', 'read', {s});
                """);
        }

        var before = await SchemaAsync(database);
        await using (var host = await ServerHost.StartAsync(database, new Dictionary<string, string?>
        {
            // Open WebUI's own environment names, as the deployment sets them.
            ["DATABASE_URL"] = database.Url,
            ["WEBUI_SECRET_KEY"] = secret,
        }))
        {
            var capabilities = host.Services.GetRequiredService<StorageCapabilities>();
            Assert.False(capabilities.CreatedOpenWebUISchema);
            Assert.Empty(capabilities.MissingTables);
            using (var http = new HttpClient { BaseAddress = new Uri(host.Url) })
            {
                Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/readyz").WaitAsync(TimeSpan.FromSeconds(30))).StatusCode);
            }

            var setup = new JsonObject
            {
                ["a"] = new JsonObject { ["id"] = alice, ["name"] = "Alice", ["role"] = "user", ["token"] = made.Token },
                ["channels"] = new JsonArray(byGroup, dm, everyone, own),
                ["closed"] = new JsonArray(closedPrivate, closedArchived, closedDm),
            };
            await ScenarioRunner.RunAsync(host, "existing", setup);

            // The REST API: Alice signs in with her Open WebUI password and lists her channels.
            using var anonymous = new Api.ApiClient(host.Url, null);
            var signIn = (await anonymous.PostAsync("/api/v1/auths/signin", new { email = "Alice@Example.com", password = "correct horse" }))
                .Expect(System.Net.HttpStatusCode.OK).Object;
            Assert.Equal(alice, signIn["id"]!.GetValue<string>());
            using var signedIn = new Api.ApiClient(host.Url, signIn["token"]!.GetValue<string>());
            var listed = (await signedIn.GetAsync("/api/v1/channels/")).Expect(System.Net.HttpStatusCode.OK).Array.Select(c => c!["id"]!.GetValue<string>());
            Assert.Equal(new[] { byGroup, dm, everyone, own }.Order(), listed.Order());
        }

        Assert.Equal(before, await SchemaAsync(database));
    }

    private static async Task<(string Token, string Hash, string MadeBy)> MakeTokenAndHashAsync(string secret, string userId, string password)
    {
        var python = Environment.GetEnvironmentVariable("SWITCHBOARD_TEST_PYTHON");
        if (string.IsNullOrEmpty(python))
        {
            Assert.False(PostgresServer.RequiredByCI, "SWITCHBOARD_TEST_PYTHON is not set: run ./test.sh (test/services/python.sh installs python3-bcrypt and python3-jwt).");

            // Outside CI without Python: the same artefacts from .NET (BCrypt.Net-Next with the $2b$ prefix, our HS256 writer).
            var key = System.Text.Encoding.UTF8.GetBytes(secret);
            var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var token = JwtToken.Create(new JwtClaims { UserId = userId, ExpiresAt = now + 3600, IssuedAt = now, TokenId = Guid.NewGuid().ToString() }, key);
            var hash = BCrypt.Net.BCrypt.HashPassword(password, BCrypt.Net.BCrypt.GenerateSalt(12, 'b'));
            return (token, hash, "BCrypt.Net-Next and Switchboard's JwtToken (SWITCHBOARD_TEST_PYTHON not set)");
        }

        var info = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OpenWebUI", "make-openwebui-rows.py"));
        using var process = Process.Start(info)!;
        await process.StandardInput.WriteAsync(new JsonObject { ["secret"] = secret, ["user_id"] = userId, ["password"] = password }.ToJsonString());
        process.StandardInput.Close();
        var stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var stderr = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(process.ExitCode == 0, stderr);
        var result = JsonNode.Parse(stdout)!;
        return ((string)result["token"]!, (string)result["hash"]!, (string)result["made_by"]!);
    }

    private async Task<DbConnection> OpenAsync(TestDatabase database)
    {
        DbConnection connection = provider == DatabaseProvider.Sqlite
            ? new SqliteConnection($"Data Source={database.Url["sqlite:///".Length..]}")
            : new NpgsqlConnection(database.Url);
        await connection.OpenAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return connection;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    // Every table, column, type, default and index of Open WebUI's tables (Switchboard's own excluded).
    private async Task<string> SchemaAsync(TestDatabase database)
    {
        await using var connection = await OpenAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = provider == DatabaseProvider.Sqlite
            ? "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master WHERE tbl_name NOT LIKE 'switchboard%' ORDER BY name"
            : """
              SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '')
              FROM information_schema.columns WHERE table_schema = current_schema() AND table_name NOT LIKE 'switchboard%'
              UNION ALL SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename NOT LIKE 'switchboard%'
              ORDER BY 1
              """;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        Assert.Contains(lines, l => l.Contains("alembic_version", StringComparison.Ordinal));
        return string.Join('\n', lines);
    }
}
