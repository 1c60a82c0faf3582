using System.Text.Json.Nodes;

namespace Switchboard.Server.Api.Auths;

/// <summary>
/// The <c>permissions</c> of a session response, in the shape of Open WebUI's default user permissions: the frontend
/// hides what is false or missing. Only what this server serves is switched on.
/// </summary>
internal static class UserPermissions
{
    public static JsonObject For(string role, ApiOptions options, bool channels) => new()
    {
        ["workspace"] = new JsonObject { ["models"] = false, ["knowledge"] = false, ["prompts"] = false, ["tools"] = false },
        ["sharing"] = new JsonObject { ["public_models"] = false, ["public_knowledge"] = false, ["public_prompts"] = false, ["public_tools"] = false, ["public_notes"] = true },
        ["chat"] = new JsonObject
        {
            ["controls"] = true, ["system_prompt"] = true, ["file_upload"] = false, ["delete"] = true, ["edit"] = true,
            ["share"] = false, ["export"] = true, ["stt"] = false, ["tts"] = false, ["call"] = false, ["multiple_models"] = true, ["temporary"] = true,
        },
        ["features"] = new JsonObject
        {
            ["direct_tool_servers"] = false, ["web_search"] = false, ["image_generation"] = false, ["code_interpreter"] = false,
            ["notes"] = options.EnableNotes, ["channels"] = options.EnableChannels && (channels || role == Roles.Admin),
        },
    };
}
