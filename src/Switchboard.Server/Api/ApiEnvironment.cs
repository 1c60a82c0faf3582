using Microsoft.Extensions.Options;

namespace Switchboard.Server.Api;

/// <summary>Binds <see cref="ApiOptions"/> from its section, then Open WebUI's environment names on top.</summary>
internal sealed class ApiEnvironment(IConfiguration configuration) : IConfigureOptions<ApiOptions>, IValidateOptions<ApiOptions>
{
    public void Configure(ApiOptions options)
    {
        configuration.GetSection(ApiOptions.SectionName).Bind(options);
        Bool("ENABLE_SIGNUP", options, v => options.EnableSignup = v);
        Bool("ENABLE_CHANNELS", options, v => options.EnableChannels = v);
        Bool("ENABLE_NOTES", options, v => options.EnableNotes = v);
        if (Get("DEFAULT_USER_ROLE") is { } role)
        {
            options.DefaultUserRole = role.Trim().ToLowerInvariant();
        }

        if (Get("WEBUI_NAME") is { } name)
        {
            options.WebUIName = name;
        }
    }

    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var errors = new List<string>(options.ConfigurationErrors);
        if (!Roles.IsKnown(options.DefaultUserRole))
        {
            errors.Add($"DEFAULT_USER_ROLE: '{options.DefaultUserRole}' is not pending, user or admin");
        }

        if (options.BcryptWorkFactor is < 4 or > 31)
        {
            errors.Add($"{nameof(ApiOptions.BcryptWorkFactor)} must be 4 to 31");
        }

        if (options.MaxBodyBytes < 1024)
        {
            errors.Add($"{nameof(ApiOptions.MaxBodyBytes)} must be at least 1024");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private string? Get(string name) => configuration[name] is { Length: > 0 } value ? value : null;

    private void Bool(string name, ApiOptions options, Action<bool> set)
    {
        switch (Get(name)?.Trim().ToUpperInvariant())
        {
            case null:
                return;
            case "TRUE" or "1":
                set(true);
                return;
            case "FALSE" or "0":
                set(false);
                return;
            default:
                options.ConfigurationErrors.Add($"{name}: '{configuration[name]}' is not true or false");
                return;
        }
    }
}
