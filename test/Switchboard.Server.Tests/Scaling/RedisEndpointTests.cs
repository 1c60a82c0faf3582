using System.Net;
using Microsoft.Extensions.Configuration;
using StackExchange.Redis;
using Switchboard.Server.Configuration;
using Switchboard.Server.Scaling;

namespace Switchboard.Server.Tests.Scaling;

public sealed class RedisEndpointTests
{
    private static SwitchboardOptions Apply(params (string Key, string Value)[] env)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(env.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))).Build();
        var options = new SwitchboardOptions();
        new OpenWebUIEnvironment(configuration).Configure(options);
        return options;
    }

    private static IReadOnlyList<string> Failures(SwitchboardOptions options)
    {
        var result = new SwitchboardOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    private static ConfigurationOptions Create(SwitchboardOptions options)
    {
        Assert.True(RedisEndpoint.TryCreate(options, out var configuration, out var error), error);
        return configuration;
    }

    [Fact]
    public void Apply_NoManager_OneInstance()
    {
        var options = Apply(("WEBSOCKET_REDIS_URL", "redis://r:6379"));

        Assert.False(options.IsRedisMode);
        Assert.Equal("open-webui", options.RedisKeyPrefix);
        Assert.Empty(Failures(options));
    }

    [Fact]
    public void Apply_RedisManager_UrlPrefixLockAndHeartbeat()
    {
        var options = Apply(
            ("WEBSOCKET_MANAGER", "redis"), ("WEBSOCKET_REDIS_URL", "redis://:pw@cache.internal:6380/2"),
            ("REDIS_KEY_PREFIX", "team-a"), ("WEBSOCKET_REDIS_LOCK_TIMEOUT", "30"), ("WEBSOCKET_HEARTBEAT_INTERVAL", "45"));

        Assert.True(options.IsRedisMode);
        Assert.Empty(Failures(options));
        Assert.Equal("team-a", options.RedisKeyPrefix);
        Assert.Equal(TimeSpan.FromSeconds(30), options.RedisLockTimeout);
        Assert.Equal(TimeSpan.FromSeconds(180), options.SessionPoolTimeout);
        var configuration = Create(options);
        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(configuration.EndPoints));
        Assert.Equal(("cache.internal", 6380), (endpoint.Host, endpoint.Port));
        Assert.Equal("pw", configuration.Password);
        Assert.Equal(2, configuration.DefaultDatabase);
        Assert.False(configuration.Ssl);
        Assert.False(configuration.AbortOnConnectFail);
        Assert.Equal(BacklogPolicy.FailFast, configuration.BacklogPolicy);
    }

    [Fact]
    public void Apply_ShortHeartbeat_SessionTimeoutAtLeast120Seconds()
    {
        var options = Apply(("WEBSOCKET_HEARTBEAT_INTERVAL", "10"));

        Assert.Equal(TimeSpan.FromSeconds(120), options.SessionPoolTimeout);
    }

    [Fact]
    public void Apply_FallsBackToRedisUrl()
    {
        var options = Apply(("WEBSOCKET_MANAGER", "redis"), ("REDIS_URL", "redis://shared:6379"));

        Assert.Equal("redis://shared:6379", options.RedisUrl);
    }

    [Fact]
    public void Apply_RedisManagerWithoutUrl_FailsTheStart()
    {
        var failures = Failures(Apply(("WEBSOCKET_MANAGER", "redis")));

        Assert.Contains(failures, f => f.Contains("WEBSOCKET_REDIS_URL", StringComparison.Ordinal));
    }

    [Fact]
    public void TryCreate_Rediss_UsesTlsAndUser()
    {
        var configuration = Create(new SwitchboardOptions { RedisUrl = "rediss://app:s%40cret@secure.example" });

        Assert.True(configuration.Ssl);
        Assert.Equal("app", configuration.User);
        Assert.Equal("s@cret", configuration.Password);
        var endpoint = Assert.IsType<DnsEndPoint>(Assert.Single(configuration.EndPoints));
        Assert.Equal(6379, endpoint.Port);
    }

    [Fact]
    public void Apply_Sentinel_HostIsServiceNameAndEndpointsAreSentinels()
    {
        var options = Apply(
            ("WEBSOCKET_MANAGER", "redis"), ("WEBSOCKET_REDIS_URL", "redis://:pw@mymaster/1"),
            ("WEBSOCKET_SENTINEL_HOSTS", "s1, s2,s3"), ("WEBSOCKET_SENTINEL_PORT", "26380"));

        var configuration = Create(options);

        Assert.Equal("mymaster", configuration.ServiceName);
        Assert.Equal(["s1:26380", "s2:26380", "s3:26380"], configuration.EndPoints.Select(e => (DnsEndPoint)e).Select(e => $"{e.Host}:{e.Port}"));
        Assert.Equal("pw", configuration.Password);
        Assert.Equal(1, configuration.DefaultDatabase);
    }

    [Fact]
    public void Apply_Cluster_Accepted()
    {
        var options = Apply(("WEBSOCKET_MANAGER", "redis"), ("WEBSOCKET_REDIS_URL", "redis://node1:7000"), ("WEBSOCKET_REDIS_CLUSTER", "true"));

        Assert.True(options.RedisCluster);
        Assert.Empty(Failures(options));
    }

    [Theory]
    [InlineData("WEBSOCKET_SENTINEL_PORT", "seventy")]
    [InlineData("WEBSOCKET_REDIS_CLUSTER", "maybe")]
    [InlineData("WEBSOCKET_REDIS_LOCK_TIMEOUT", "-1")]
    public void Apply_BadValue_FailsTheStart(string name, string value)
    {
        var failures = Failures(Apply(("WEBSOCKET_MANAGER", "redis"), ("WEBSOCKET_REDIS_URL", "redis://r"), (name, value)));

        Assert.Contains(failures, f => f.StartsWith(name, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("redis://")]
    [InlineData("redis://host/notanumber")]
    [InlineData(",,,")]
    public void Validate_BadUrl_FailsTheStart(string url)
    {
        var failures = Failures(new SwitchboardOptions { RedisUrl = url });

        Assert.Contains(failures, f => f.StartsWith("RedisUrl", StringComparison.Ordinal));
    }

    [Fact]
    public void Keys_FollowOpenWebUILayoutUnderThePrefix()
    {
        var keys = new RedisKeys("p");

        Assert.Equal("p:session_pool", keys.SessionPool);
        Assert.Equal("p:usage_pool", keys.UsagePool);
        Assert.Equal("p:auth:token:j1:revoked", keys.RevokedToken("j1"));
        Assert.Equal("p:auth:user:u1:revoked_at", keys.UserRevokedAt("u1"));
        Assert.Equal("p:socket.io", keys.AdapterChannelPrefix);
        Assert.StartsWith("p:switchboard:", keys.SessionExpiry, StringComparison.Ordinal);
    }
}
