using Microsoft.Extensions.Configuration;
using Switchboard.Server.Configuration;

namespace Switchboard.Server.Tests.Configuration;

public sealed class OpenWebUIEnvironmentTests
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

    [Fact]
    public void Configure_Nothing_DefaultsAreValid()
    {
        var options = Apply();

        Assert.Empty(Failures(options));
        Assert.Equal("./data", options.DataDir);
        Assert.Null(options.SecretKey);
        Assert.Equal(TimeSpan.FromSeconds(25), options.PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(20), options.PingTimeout);
        Assert.True(options.EnableWebsocketSupport);
        Assert.True(options.AllowAnonymousConnections);
    }

    [Fact]
    public void Configure_OpenWebUINames_Applied()
    {
        var options = Apply(
            ("WEBUI_SECRET_KEY", "s3cret"),
            ("DATA_DIR", "/srv/data"),
            ("DATABASE_URL", "postgresql://u:p@db:5433/webui"),
            ("CORS_ALLOW_ORIGIN", "https://a.example;https://b.example"),
            ("WEBSOCKET_SERVER_PING_INTERVAL", "10"),
            ("WEBSOCKET_SERVER_PING_TIMEOUT", "7.5"),
            ("ENABLE_WEBSOCKET_SUPPORT", "false"),
            ("JWT_EXPIRES_IN", "1h30m"),
            ("WEBSOCKET_EVENT_CALLER_TIMEOUT", "90"),
            ("REDIS_KEY_PREFIX", "mine"));

        Assert.Empty(Failures(options));
        Assert.Equal("s3cret", options.SecretKey);
        Assert.Equal("/srv/data", options.DataDir);
        Assert.Equal(["https://a.example", "https://b.example"], options.CorsAllowOrigins);
        Assert.Equal(TimeSpan.FromSeconds(10), options.PingInterval);
        Assert.Equal(TimeSpan.FromSeconds(7.5), options.PingTimeout);
        Assert.False(options.EnableWebsocketSupport);
        Assert.Equal(TimeSpan.FromMinutes(90), options.JwtExpiresIn);
        Assert.Equal(TimeSpan.FromSeconds(90), options.EventCallerTimeout);
        Assert.Equal("mine", options.RedisKeyPrefix);
        Assert.True(DatabaseUrl.TryParse(options.DatabaseUrl!, options.DataDir, out var url, out _));
        Assert.Equal(DatabaseProvider.PostgreSql, url.Provider);
        Assert.Contains("Host=db", url.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Port=5433", url.ConnectionString, StringComparison.Ordinal);
        Assert.DoesNotContain("Password=p", url.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Configure_JwtSecretFallback_Used()
    {
        Assert.Equal("old", Apply(("WEBUI_JWT_SECRET_KEY", "old")).SecretKey);
    }

    [Fact]
    public void Configure_DatabasePartsWithoutUrl_Composed()
    {
        var options = Apply(("DATABASE_TYPE", "postgresql"), ("DATABASE_USER", "u"), ("DATABASE_PASSWORD", "p@ss"),
            ("DATABASE_HOST", "h"), ("DATABASE_PORT", "5432"), ("DATABASE_NAME", "n"));

        Assert.Equal("postgresql://u:p%40ss@h:5432/n", options.DatabaseUrl);
        Assert.True(DatabaseUrl.TryParse(options.DatabaseUrl!, ".", out var url, out _));
        Assert.Contains("Password=p@ss", url.ConnectionString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("JWT_EXPIRES_IN", "forever")]
    [InlineData("JWT_EXPIRES_IN", "4x")]
    [InlineData("WEBSOCKET_SERVER_PING_INTERVAL", "soon")]
    [InlineData("WEBSOCKET_SERVER_PING_TIMEOUT", "-5")]
    [InlineData("ENABLE_WEBSOCKET_SUPPORT", "yes please")]
    [InlineData("DATABASE_URL", "mysql://u@h/db")]
    [InlineData("DATABASE_URL", "sqlite+sqlcipher:///x.db")]
    [InlineData("CORS_ALLOW_ORIGIN", "not an origin")]
    public void Configure_BadValue_FailsValidationNamingIt(string name, string value)
    {
        var failures = Failures(Apply((name, value)));

        Assert.Contains(failures, f => f.Contains(name, StringComparison.Ordinal) || f.Contains("DATABASE_URL", StringComparison.Ordinal) || f.Contains("CORS", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("-1", null)]
    [InlineData("0", null)]
    [InlineData("4w", 28 * 24 * 3600.0)]
    [InlineData("7d", 7 * 24 * 3600.0)]
    [InlineData("1h30m", 5400.0)]
    [InlineData("1.5d", 129600.0)]
    [InlineData("500ms", 0.5)]
    public void DurationParser_OpenWebUIForms_Parsed(string text, double? seconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out _));
        Assert.Equal(seconds, duration?.TotalSeconds);
    }

    [Theory]
    [InlineData("sqlite:///data/webui.db", "data/webui.db")]
    [InlineData("sqlite:////abs/webui.db", "/abs/webui.db")]
    public void DatabaseUrl_Sqlite_PathAsOpenWebUIReadsIt(string text, string path)
    {
        Assert.True(DatabaseUrl.TryParse(text, ".", out var url, out _));
        Assert.Equal(DatabaseProvider.Sqlite, url.Provider);
        Assert.Equal(Path.GetFullPath(path), url.SqlitePath);
    }

    [Theory]
    [InlineData("postgres://u:p@h/db")]
    [InlineData("postgresql+psycopg2://u:p@h:6000/db?sslmode=require")]
    [InlineData("Host=h;Database=db;Username=u")]
    public void DatabaseUrl_Postgres_Parsed(string text)
    {
        Assert.True(DatabaseUrl.TryParse(text, ".", out var url, out var error), error);
        Assert.Equal(DatabaseProvider.PostgreSql, url.Provider);
    }
}
