using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Switchboard.SocketIO.Redis.Tests;

public sealed class RedisAdapterOptionsTests
{
    [Fact]
    public void Defaults_AreNodes()
    {
        var options = new RedisAdapterOptions();
        Assert.Equal("socket.io", options.ChannelPrefix);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestsTimeout);
        Assert.Equal(RedisAdapterMode.Classic, options.Mode);
        Assert.Equal(ShardedSubscriptionMode.Dynamic, options.SubscriptionMode);
        Assert.False(options.PublishOnSpecificResponseChannel);
    }

    [Theory]
    [InlineData(null, "socket.io", 5000, "Configuration")]
    [InlineData("redis://127.0.0.1:6379", "", 5000, "ChannelPrefix")]
    [InlineData("redis://127.0.0.1:6379", "a*b", 5000, "ChannelPrefix")]
    [InlineData("redis://127.0.0.1:6379", "socket.io", 0, "RequestsTimeout")]
    [InlineData("redis://127.0.0.1:6379/notanumber", "socket.io", 5000, "Configuration")]
    [InlineData("redis://127.0.0.1:6379", "socket.io", 5000, null)]
    [InlineData("127.0.0.1:6379,password=x", "socket.io", 5000, null)]
    public void Validate_Options_NamesTheBadOne(string? configuration, string prefix, int timeoutMs, string? failing)
    {
        var options = new RedisAdapterOptions { Configuration = configuration, ChannelPrefix = prefix, RequestsTimeout = TimeSpan.FromMilliseconds(timeoutMs) };
        var result = new RedisAdapterOptionsValidator().Validate(null, options);
        if (failing is null)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(failing, result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Configuration_RedisUrl_ParsedWithAdapterSettings()
    {
        Assert.True(RedisConfiguration.TryParse("rediss://user:p%40ss@example.org:6380/3", out var options, out _));
        Assert.Equal("example.org:6380", options.EndPoints.Single().ToString()!.Replace("Unspecified/", string.Empty, StringComparison.Ordinal));
        Assert.True(options.Ssl);
        Assert.Equal("user", options.User);
        Assert.Equal("p@ss", options.Password);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.False(options.AbortOnConnectFail);
        Assert.Same(StackExchange.Redis.BacklogPolicy.FailFast, options.BacklogPolicy);
    }

    [Fact]
    public void AddRedisAdapter_MissingConfiguration_FailsValidation()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSocketIO().AddRedisAdapter(_ => { });
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<RedisAdapterOptions>>().Value);
        Assert.Contains("Configuration", error.Message, StringComparison.Ordinal);
    }
}
