using Microsoft.Extensions.Configuration;
using Switchboard.Server.Completions;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Tests.Completions;

public sealed class CompletionOptionsTests
{
    private static CompletionOptions Apply(params (string Key, string Value)[] env)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(env.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))).Build();
        var options = new CompletionOptions();
        new CompletionEnvironment(configuration).Configure(options);
        return options;
    }

    private static IReadOnlyList<string> Failures(CompletionOptions options)
    {
        var result = new CompletionOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void Configure_Nothing_OnlyEchoAndValidDefaults()
    {
        var options = Apply();

        Assert.Empty(Failures(options));
        Assert.Empty(options.BaseUrls);
        Assert.True(options.EnableEchoModel);
        Assert.Equal(1, options.StreamDeltaChunkSize);
    }

    [Fact]
    public void Configure_OpenWebUINames_UpstreamsWithKeysByPosition()
    {
        var options = Apply(
            ("OPENAI_API_BASE_URLS", "https://api.openai.com/v1; http://localhost:11434/v1 ;http://third/v1"),
            ("OPENAI_API_KEYS", "sk-one;;"),
            ("CHAT_RESPONSE_STREAM_DELTA_CHUNK_SIZE", "4"));

        Assert.Empty(Failures(options));
        Assert.Equal(["https://api.openai.com/v1", "http://localhost:11434/v1", "http://third/v1"], options.BaseUrls);
        var upstreams = Upstream.From(options);
        Assert.Equal(["sk-one", null, null], upstreams.Select(u => u.ApiKey));
        Assert.Equal(4, options.StreamDeltaChunkSize);
    }

    [Fact]
    public void Configure_SingularNamesAndDisabledApi()
    {
        Assert.Equal(["http://one/v1"], Apply(("OPENAI_API_BASE_URL", "http://one/v1")).BaseUrls);
        Assert.Empty(Apply(("OPENAI_API_BASE_URLS", "http://one/v1"), ("ENABLE_OPENAI_API", "false")).BaseUrls);
    }

    [Theory]
    [InlineData("OPENAI_API_BASE_URLS", "not a url", "OPENAI_API_BASE_URLS")]
    [InlineData("OPENAI_API_BASE_URLS", "ftp://x/v1", "OPENAI_API_BASE_URLS")]
    [InlineData("CHAT_RESPONSE_STREAM_DELTA_CHUNK_SIZE", "0", "CHAT_RESPONSE_STREAM_DELTA_CHUNK_SIZE")]
    [InlineData("Switchboard:Completions:IdleTimeout", "00:00:00", "IdleTimeout")]
    [InlineData("Switchboard:Completions:DeltaBatchCharacters", "0", "DeltaBatchCharacters")]
    public void Validate_BadValue_FailsNamingIt(string key, string value, string named)
    {
        Assert.Contains(Failures(Apply((key, value))), f => f.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void EnvironmentClass_StillConfiguresSwitchboardOptions()
    {
        var options = new SwitchboardOptions();
        new OpenWebUIEnvironment(new ConfigurationBuilder().Build()).Configure(options);
        Assert.Empty(options.ConfigurationErrors);
    }
}
