namespace Switchboard.Server.Api;

/// <summary>
/// Settings of the REST API (section <c>Switchboard:Api</c>, then Open WebUI's environment names: <c>ENABLE_SIGNUP</c>,
/// <c>DEFAULT_USER_ROLE</c>, <c>WEBUI_NAME</c>, <c>ENABLE_CHANNELS</c>, <c>ENABLE_NOTES</c>).
/// </summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section bound to these options.</summary>
    public const string SectionName = "Switchboard:Api";

    /// <summary>Whether anyone may sign up (<c>ENABLE_SIGNUP</c>). The first account can always be created. Default true.</summary>
    public bool EnableSignup { get; set; } = true;

    /// <summary>The role of accounts signed up after the first (<c>DEFAULT_USER_ROLE</c>): <c>pending</c> (default), <c>user</c> or <c>admin</c>.</summary>
    public string DefaultUserRole { get; set; } = "pending";

    /// <summary>The name shown by the frontend (<c>WEBUI_NAME</c>). Default <c>Open WebUI</c>, as Open WebUI's own default.</summary>
    public string WebUIName { get; set; } = "Open WebUI";

    /// <summary>The Open WebUI version <c>/api/config</c> and <c>/api/version</c> report (the frontend generation served). Default 0.6.34.</summary>
    public string Version { get; set; } = "0.6.34";

    /// <summary>Channels in the frontend (<c>ENABLE_CHANNELS</c>). Default true.</summary>
    public bool EnableChannels { get; set; } = true;

    /// <summary>Notes in the frontend (<c>ENABLE_NOTES</c>). Default true.</summary>
    public bool EnableNotes { get; set; } = true;

    /// <summary>bcrypt cost of new password hashes. Default 12, Open WebUI's (passlib/bcrypt default).</summary>
    public int BcryptWorkFactor { get; set; } = 12;

    /// <summary>The largest request body read, in bytes. Default 4 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Problems found while reading the environment, reported at start.</summary>
    internal List<string> ConfigurationErrors { get; } = [];
}
