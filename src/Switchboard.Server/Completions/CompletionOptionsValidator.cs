using Microsoft.Extensions.Options;

namespace Switchboard.Server.Completions;

/// <summary>Checks <see cref="CompletionOptions"/> at start (<c>ValidateOnStart</c>).</summary>
internal sealed class CompletionOptionsValidator : IValidateOptions<CompletionOptions>
{
    public ValidateOptionsResult Validate(string? name, CompletionOptions options)
    {
        var failures = new List<string>(options.ConfigurationErrors);
        foreach (var url in options.BaseUrls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                failures.Add($"Completions:BaseUrls (OPENAI_API_BASE_URLS): '{url}' is not an http(s) URL such as https://api.openai.com/v1.");
            }
        }

        if (options.StreamDeltaChunkSize is < 1 or > 10_000)
        {
            failures.Add("Completions:StreamDeltaChunkSize (CHAT_RESPONSE_STREAM_DELTA_CHUNK_SIZE) must be 1 to 10000.");
        }

        if (options.DeltaBatchCharacters is < 1 or > 1_000_000)
        {
            failures.Add("Completions:DeltaBatchCharacters must be 1 to 1000000.");
        }

        if (options.ResumeRetentionLimit < 1)
        {
            failures.Add("Completions:ResumeRetentionLimit must be at least 1.");
        }

        if (options.MaxTasksPerUser < 1)
        {
            failures.Add("Completions:MaxTasksPerUser must be at least 1.");
        }

        if (options.MaxRequestBytes < 1024 || options.MaxEventBytes < 1024)
        {
            failures.Add("Completions:MaxRequestBytes and MaxEventBytes must be at least 1024.");
        }

        Positive(failures, options.ConnectTimeout, nameof(options.ConnectTimeout));
        Positive(failures, options.FirstByteTimeout, nameof(options.FirstByteTimeout));
        Positive(failures, options.IdleTimeout, nameof(options.IdleTimeout));
        Positive(failures, options.ModelListTimeout, nameof(options.ModelListTimeout));
        Positive(failures, options.DeltaBatchDelay, nameof(options.DeltaBatchDelay));
        Positive(failures, options.ResumeRetention, nameof(options.ResumeRetention));
        if (options.ModelListCacheDuration < TimeSpan.Zero || options.EchoWordDelay < TimeSpan.Zero)
        {
            failures.Add("Completions:ModelListCacheDuration and EchoWordDelay must not be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"Completions:{name} must be positive.");
        }
    }
}
