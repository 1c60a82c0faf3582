using Microsoft.Extensions.Options;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Completions;

/// <summary>Binds <see cref="CompletionOptions"/> from <c>Switchboard:Completions</c>, then Open WebUI's environment names on top.</summary>
internal sealed class CompletionEnvironment(IConfiguration configuration) : IConfigureOptions<CompletionOptions>
{
    public void Configure(CompletionOptions options)
    {
        configuration.GetSection(CompletionOptions.SectionName).Bind(options);
        OpenWebUIEnvironment.ApplyCompletions(configuration, options);
    }
}
