using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Switchboard.Server.Api.Auths;
using Switchboard.Server.Configuration;
using Switchboard.Server.Storage;

namespace Switchboard.Server.Api.Config;

/// <summary>
/// <c>GET /api/config</c> (the shape of Open WebUI's <c>get_app_config</c>: what the frontend reads before anything
/// else) and <c>GET /api/version</c>. Without a token the config says only what the sign-in page needs
/// (<c>onboarding</c> on an empty database, <c>features.enable_signup</c>, <c>features.enable_websocket</c>, ...);
/// with one it adds the feature switches, <c>user_count</c> and the default permissions. Features this server does not
/// serve (web search, images, code execution, audio, cloud drives) are reported off.
/// </summary>
internal static class ConfigEndpoints
{
    public static void MapConfigEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/config", GetConfigAsync);
        endpoints.MapGet("/api/version", (IOptions<ApiOptions> options) => Results.Json(new JsonObject { ["version"] = options.Value.Version }));
    }

    private static async Task<IResult> GetConfigAsync(
        HttpContext context,
        ApiAuthenticator authenticator,
        IDbContextFactory<WebUIDbContext> contexts,
        IOptions<ApiOptions> apiOptions,
        IOptions<SwitchboardOptions> serverOptions)
    {
        var options = apiOptions.Value;
        var caller = await authenticator.AuthenticateAsync(context);
        await using var db = await contexts.CreateDbContextAsync(context.RequestAborted);
        var userCount = await db.Users.CountAsync(context.RequestAborted);
        var features = new JsonObject
        {
            ["auth"] = true,
            ["auth_trusted_header"] = false,
            ["enable_signup_password_confirmation"] = false,
            ["enable_ldap"] = false,
            ["enable_api_key"] = false,
            ["enable_signup"] = options.EnableSignup || userCount == 0,
            ["enable_login_form"] = true,
            ["enable_websocket"] = serverOptions.Value.EnableWebsocketSupport,
            ["enable_version_update_check"] = false,
        };
        var config = new JsonObject();
        if (caller is null && userCount == 0)
        {
            config["onboarding"] = true;
        }

        config["status"] = true;
        config["name"] = options.WebUIName;
        config["version"] = options.Version;
        config["default_locale"] = "";
        config["oauth"] = new JsonObject { ["providers"] = new JsonObject() };
        config["features"] = features;
        if (caller is null)
        {
            return Results.Json(config);
        }

        foreach (var (name, on) in new[]
        {
            ("enable_direct_connections", false), ("enable_channels", options.EnableChannels), ("enable_notes", options.EnableNotes),
            ("enable_web_search", false), ("enable_code_execution", false), ("enable_code_interpreter", false),
            ("enable_image_generation", false), ("enable_autocomplete_generation", false), ("enable_community_sharing", false),
            ("enable_message_rating", false), ("enable_user_webhooks", false), ("enable_admin_export", false),
            ("enable_admin_chat_access", false), ("enable_google_drive_integration", false), ("enable_onedrive_integration", false),
        })
        {
            features[name] = on;
        }

        config["default_models"] = null;
        config["default_prompt_suggestions"] = new JsonArray();
        config["user_count"] = userCount;
        config["code"] = new JsonObject { ["engine"] = "pyodide" };
        config["audio"] = new JsonObject
        {
            ["tts"] = new JsonObject { ["engine"] = "", ["voice"] = "", ["split_on"] = "punctuation" },
            ["stt"] = new JsonObject { ["engine"] = "" },
        };
        config["file"] = new JsonObject { ["max_size"] = null, ["max_count"] = null, ["image_compression"] = new JsonObject { ["width"] = null, ["height"] = null } };
        config["permissions"] = UserPermissions.For(Roles.User, options, channels: true);
        config["google_drive"] = new JsonObject { ["client_id"] = "", ["api_key"] = "" };
        config["onedrive"] = new JsonObject { ["client_id"] = "", ["sharepoint_url"] = "", ["sharepoint_tenant_id"] = "" };
        config["ui"] = new JsonObject { ["pending_user_overlay_title"] = "", ["pending_user_overlay_content"] = "" };
        return Results.Json(config);
    }
}
